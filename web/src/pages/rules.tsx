/** Detection rules: everyone reads them; admins create, edit, enable and disable them. */
import type { Rule } from '../../../src/domain/index.js';
import { send } from '../api.js';
import { useUser } from '../auth.js';
import { SeverityBadge } from '../components/badges.js';
import { Async, Empty } from '../components/states.js';
import { useAction, useApi } from '../hooks.js';
import { href } from '../router.js';
import { RuleForm } from './rule-form.js';

export function RulesPage({ sub }: { sub: string | undefined }) {
  const user = useUser();
  const admin = user.role === 'admin';
  if (sub !== undefined) {
    if (!admin) return <AdminsOnly />;
    return sub === 'new' ? <RuleForm rule={null} /> : <EditRule id={Number(sub)} />;
  }
  return <RuleList admin={admin} />;
}

function AdminsOnly() {
  return (
    <>
      <p className="crumbs"><a href={href('/rules')}>← Rules</a></p>
      <p className="error" role="alert">Only admins can create or change rules. Ask an admin, or sign in as one.</p>
    </>
  );
}

function EditRule({ id }: { id: number }) {
  const rule = useApi<Rule>(`/rules/${id}`);
  return <Async state={rule}>{(r) => <RuleForm rule={r} />}</Async>;
}

function RuleList({ admin }: { admin: boolean }) {
  const rules = useApi<Rule[]>('/rules');
  const { error, run } = useAction(rules.reload);
  const toggle = (rule: Rule) => run(() => send('POST', `/rules/${rule.id}/${rule.enabled ? 'disable' : 'enable'}`));
  return (
    <>
      <div className="page-head">
        <h1>Rules</h1>
        {admin ? <a className="button primary" href={href('/rules/new')}>New rule</a> : null}
      </div>
      {!admin ? <p className="notice" role="note">You can read the rules; only admins can create or change them.</p> : null}
      {error ? <p className="error" role="alert">{error}</p> : null}
      <Async state={rules}>
        {(rows) =>
          rows.length === 0 ? <Empty>No rules yet.{admin ? ' Create one, or load a rules file with the CLI.' : ''}</Empty> : (
            <table>
              <thead>
                <tr><th scope="col">Rule</th><th scope="col">Type</th><th scope="col">Severity</th><th scope="col">Services</th><th scope="col">Parameters</th><th scope="col">Enabled</th></tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id} className={r.enabled ? undefined : 'disabled'}>
                    <td>
                      {admin ? <a className="nowrap" href={href(`/rules/${r.id}`)}>{r.name}</a> : <strong className="nowrap">{r.name}</strong>}
                      {r.description ? <div className="small muted">{r.description}</div> : null}
                    </td>
                    <td>{r.type.replace('_', ' ')}</td>
                    <td><SeverityBadge severity={r.severity} /></td>
                    <td>{r.scope.services?.join(', ') || 'all'}</td>
                    <td><code className="params">{Object.entries(r.params).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ')}</code></td>
                    <td>
                      {admin ? (
                        <button type="button" className="small" aria-pressed={r.enabled} onClick={() => void toggle(r)}>
                          {r.enabled ? 'Enabled' : 'Disabled'}
                        </button>
                      ) : r.enabled ? 'yes' : 'no'}
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
