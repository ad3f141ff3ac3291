/**
 * Create or edit a rule. The form is checked with the API's own schema before sending, and the
 * server's verdict (including the rule type's parameter checks) is shown at the field it names.
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { RuleTypeInfo } from '../../../src/api/types.js';
import { firstError } from '../../../src/api/messages.js';
import { RuleBody } from '../../../src/api/schemas.js';
import { RULE_TYPES, SEVERITIES, type Rule, type RuleType, type Severity } from '../../../src/domain/index.js';
import { ApiFailure, send } from '../api.js';
import { Field } from '../components/field.js';
import { useApi } from '../hooks.js';
import { href, navigate } from '../router.js';

interface Draft {
  name: string;
  type: RuleType;
  severity: Severity;
  enabled: boolean;
  services: string;
  description: string;
  params: string;
}

type Errors = Partial<Record<keyof Draft | 'form', string>>;

/** The defaults a type's JSON Schema declares, as a parameters object to start from. */
function defaultParams(info: RuleTypeInfo | undefined): Record<string, unknown> {
  const props = (info?.params as { properties?: Record<string, { default?: unknown }> } | undefined)?.properties ?? {};
  return Object.fromEntries(Object.entries(props).flatMap(([k, s]) => (s.default === undefined ? [] : [[k, s.default]])));
}

function fromRule(rule: Rule | null): Draft {
  return {
    name: rule?.name ?? '', type: rule?.type ?? 'keyword', severity: rule?.severity ?? 'MEDIUM', enabled: rule?.enabled ?? true,
    services: rule?.scope.services?.join(', ') ?? '', description: rule?.description ?? '', params: JSON.stringify(rule?.params ?? {}, null, 2),
  };
}

export function RuleForm({ rule }: { rule: Rule | null }) {
  const types = useApi<RuleTypeInfo[]>('/rules/types');
  const [draft, setDraft] = useState<Draft>(() => fromRule(rule));
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const [paramsTouched, setParamsTouched] = useState(rule !== null);
  const typeInfo = types.data?.find((t) => t.type === draft.type);

  // A new rule starts from its type's defaults until the user edits the parameters.
  useEffect(() => {
    if (!paramsTouched && typeInfo) setDraft((d) => ({ ...d, params: JSON.stringify(defaultParams(typeInfo), null, 2) }));
  }, [typeInfo, paramsTouched]);

  const update = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined, form: undefined }));
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    let params: unknown;
    try {
      params = JSON.parse(draft.params || '{}');
    } catch {
      return setErrors({ params: 'params must be valid JSON, e.g. { "threshold": 5 }' });
    }
    const body = {
      name: draft.name, type: draft.type, severity: draft.severity, enabled: draft.enabled, params,
      services: draft.services.split(',').map((s) => s.trim()).filter(Boolean),
      ...(draft.description.trim() ? { description: draft.description.trim() } : {}),
    };
    const checked = RuleBody.safeParse(body);
    if (!checked.success) {
      const { field, message } = firstError(checked.error, body);
      return setErrors({ [field?.split(/[.[]/)[0] ?? 'form']: message });
    }
    setBusy(true);
    try {
      await send(rule ? 'PUT' : 'POST', rule ? `/rules/${rule.id}` : '/rules', body);
      navigate('/rules');
    } catch (err) {
      if (err instanceof ApiFailure) setErrors({ [err.field && err.field in draft ? err.field : err.status === 409 ? 'name' : 'form']: err.message });
      else setErrors({ form: String(err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <p className="crumbs"><a href={href('/rules')}>← Rules</a></p>
      <h1>{rule ? `Edit rule ${rule.name}` : 'New rule'}</h1>
      <form className="card form" onSubmit={(e) => void submit(e)} noValidate>
        <Field label="Name" error={errors.name}>
          <input value={draft.name} onChange={(e) => update('name', e.target.value)} maxLength={100} />
        </Field>
        <div className="row">
          <Field label="Type" error={errors.type}>
            <select value={draft.type} onChange={(e) => update('type', e.target.value as RuleType)} disabled={rule !== null}>
              {RULE_TYPES.map((t) => <option key={t} value={t}>{t.replace('_', ' ')}</option>)}
            </select>
          </Field>
          <Field label="Severity" error={errors.severity}>
            <select value={draft.severity} onChange={(e) => update('severity', e.target.value as Severity)}>
              {SEVERITIES.map((s) => <option key={s} value={s}>{s}</option>)}
            </select>
          </Field>
          <label className="check"><input type="checkbox" checked={draft.enabled} onChange={(e) => update('enabled', e.target.checked)} /> Enabled</label>
        </div>
        <Field label="Services" error={errors.services} hint="Comma-separated; empty means every service.">
          <input value={draft.services} onChange={(e) => update('services', e.target.value)} />
        </Field>
        <Field label="Description" error={errors.description}>
          <input value={draft.description} onChange={(e) => update('description', e.target.value)} maxLength={1000} />
        </Field>
        <Field label="Parameters (JSON)" error={errors.params} hint={`The parameters of a ${draft.type.replace('_', ' ')} rule; defaults are filled in.`}>
          <textarea rows={8} spellCheck={false} value={draft.params} onChange={(e) => { setParamsTouched(true); update('params', e.target.value); }} />
        </Field>
        {errors.form ? <p className="error" role="alert">{errors.form}</p> : null}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>{rule ? 'Save rule' : 'Create rule'}</button>
          <a className="button" href={href('/rules')}>Cancel</a>
        </div>
      </form>
    </>
  );
}
