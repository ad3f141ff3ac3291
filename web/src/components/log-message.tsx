/**
 * A log message with its template parameters highlighted. Always rendered as text nodes: log
 * content is untrusted and never becomes HTML.
 */
import { paramSegments, type Segment } from '../../../src/api/highlight.js';

export function LogMessage({ message, params, template, segments }: { message: string; params?: string[]; template?: string | null; segments?: Segment[] }) {
  const parts = segments ?? paramSegments(message, params ?? [], template);
  return (
    <span className="msg">
      {parts.map((s, i) =>
        s.param === null ? <span key={i}>{s.text}</span> : <mark key={i} className="param" title={`parameter ${s.param + 1}`}>{s.text}</mark>,
      )}
    </span>
  );
}
