/** A labelled form control with its validation message right under it. */
import { useId, type ReactElement, type ReactNode } from 'react';
import { cloneElement } from 'react';

export function Field({ label, error, hint, children }: { label: string; error?: string | null; hint?: ReactNode; children: ReactElement<Record<string, unknown>> }) {
  const id = useId();
  const messageId = `${id}-msg`;
  const control = cloneElement(children, {
    id,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error || hint ? messageId : undefined,
  });
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {control}
      {error ? <p className="field-error" id={messageId} role="alert">{error}</p> : hint ? <p className="hint" id={messageId}>{hint}</p> : null}
    </div>
  );
}
