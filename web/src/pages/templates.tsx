/** Mined templates: volume, first/last seen; admins rename, freeze and mark them normal. */
import { useState } from 'react';
import type { Template, TemplateRow } from '../../../src/api/types.js';
import { send } from '../api.js';
import { useUser } from '../auth.js';
import { Sparkline } from '../components/sparkline.js';
import { Async, Empty } from '../components/states.js';
import { formatCount, formatShortTime } from '../format.js';
import { useAction, useApi } from '../hooks.js';
import { href } from '../router.js';

export function TemplatesPage() {
  const user = useUser();
  const [order, setOrder] = useState<'count' | 'newest'>('count');
  const templates = useApi<TemplateRow[]>('/templates', { order, limit: 200, spark: 24 });
  const { error, run } = useAction(templates.reload);
  const admin = user.role === 'admin';
  const patch = (t: Template, change: Partial<Pick<Template, 'name' | 'frozen' | 'normal'>>) => run(() => send('PATCH', `/templates/${t.id}`, change));

  return (
    <>
      <div className="page-head">
        <h1>Templates</h1>
        <label className="inline">
          Order{' '}
          <select value={order} onChange={(e) => setOrder(e.target.value as 'count' | 'newest')}>
            <option value="count">most records</option>
            <option value="newest">newest first</option>
          </select>
        </label>
      </div>
      {error ? <p className="error" role="alert">{error}</p> : null}
      <Async state={templates}>
        {(rows) =>
          rows.length === 0 ? <Empty>No templates mined yet.</Empty> : (
            <table>
              <thead>
                <tr>
                  <th scope="col">Template</th><th scope="col">Service</th><th scope="col" className="num">Records</th>
                  <th scope="col">Recent volume</th><th scope="col">First seen</th><th scope="col">Last seen</th><th scope="col">Flags</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((t) => (
                  <tr key={t.id}>
                    <td>
                      {admin ? <NameEditor template={t} onSave={(name) => void patch(t, { name })} /> : t.name ? <strong>{t.name}</strong> : null}
                      <div><a href={href('/logs', { template: t.id })} title="Show its records"><code className="tpl">{t.text}</code></a></div>
                    </td>
                    <td>{t.service}</td>
                    <td className="num">{formatCount(t.count)}</td>
                    <td>{t.spark ? <Sparkline values={t.spark} label={`${formatCount(t.spark.reduce((a, b) => a + b, 0))} records in the last day of data`} /> : null}</td>
                    <td className="nowrap">{formatShortTime(t.firstSeen)}</td>
                    <td className="nowrap">{formatShortTime(t.lastSeen)}</td>
                    <td className="nowrap">
                      {admin ? (
                        <>
                          <label className="check"><input type="checkbox" checked={t.frozen} onChange={(e) => void patch(t, { frozen: e.target.checked })} /> frozen</label>
                          <label className="check"><input type="checkbox" checked={t.normal} onChange={(e) => void patch(t, { normal: e.target.checked })} /> normal</label>
                        </>
                      ) : (
                        [t.frozen && 'frozen', t.normal && 'normal'].filter(Boolean).join(', ') || '–'
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Async>
    </>
  );
}

function NameEditor({ template, onSave }: { template: Template; onSave(name: string | null): void }) {
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(template.name ?? '');
  if (!editing) {
    return (
      <span>
        {template.name ? <strong>{template.name}</strong> : <span className="muted">unnamed</span>}{' '}
        <button type="button" className="link small" onClick={() => setEditing(true)} aria-label={`Rename template ${template.id}`}>rename</button>
      </span>
    );
  }
  return (
    <form className="inline-edit" onSubmit={(e) => { e.preventDefault(); setEditing(false); onSave(value.trim() || null); }}>
      <label className="sr-only" htmlFor={`name-${template.id}`}>Name of template {template.id}</label>
      <input id={`name-${template.id}`} value={value} onChange={(e) => setValue(e.target.value)} autoFocus maxLength={200} />
      <button type="submit" className="small">Save</button>
      <button type="button" className="small" onClick={() => setEditing(false)}>Cancel</button>
    </form>
  );
}
