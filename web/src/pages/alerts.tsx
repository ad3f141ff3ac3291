import type { Alert } from '../../../src/api/types.js';
import { ALERT_SOURCES, ALERT_STATUSES } from '../../../src/api/schemas.js';
import { SEVERITIES } from '../../../src/domain/index.js';
import { send } from '../api.js';
import { SeverityBadge, StatusBadge } from '../components/badges.js';
import { Empty } from '../components/states.js';
import { formatShortTime } from '../format.js';
import { usePaged } from '../pager.js';
import { href, navigate } from '../router.js';

const FILTERS = ['status', 'severity', 'source', 'service', 'rule'] as const;

export function AlertsPage({ query }: { query: URLSearchParams }) {
  const filters = Object.fromEntries(FILTERS.map((f) => [f, query.get(f) ?? undefined])) as Record<(typeof FILTERS)[number], string | undefined>;
  const page = usePaged<Alert>('/alerts', { ...filters, limit: 100 });
  const set = (name: string, value: string) => navigate('/alerts', { ...filters, [name]: value || undefined });
  const act = async (a: Alert, verb: 'ack' | 'resolve') => page.replace(await send<Alert>('POST', `/alerts/${a.id}/${verb}`), (x, y) => x.id === y.id);

  return (
    <>
      <div className="page-head"><h1>Alerts</h1></div>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filter alerts">
        <Select label="Status" value={filters.status} options={ALERT_STATUSES} onChange={(v) => set('status', v)} />
        <Select label="Severity" value={filters.severity} options={SEVERITIES} onChange={(v) => set('severity', v)} />
        <Select label="Source" value={filters.source} options={ALERT_SOURCES} onChange={(v) => set('source', v)} />
        <label>Service <input defaultValue={filters.service} onBlur={(e) => set('service', e.target.value.trim())} /></label>
        <label>Rule <input defaultValue={filters.rule} onBlur={(e) => set('rule', e.target.value.trim())} /></label>
      </form>
      {page.error ? <p className="error" role="alert">{page.error}</p> : null}
      {!page.loading && page.rows.length === 0 ? <Empty>No alerts match.</Empty> : (
        <table>
          <thead>
            <tr><th scope="col">When (UTC)</th><th scope="col">Severity</th><th scope="col">Source</th><th scope="col">Rule</th><th scope="col">Service</th><th scope="col">What</th><th scope="col">Status</th><th scope="col"><span className="sr-only">Actions</span></th></tr>
          </thead>
          <tbody>
            {page.rows.map((a) => (
              <tr key={a.id}>
                <td className="nowrap">{formatShortTime(a.windowStart)}</td>
                <td><SeverityBadge severity={a.severity} /></td>
                <td>{a.source}</td>
                <td>{a.ruleName}</td>
                <td>{a.scope.service ?? '–'}</td>
                <td>{a.message}{a.incidentId ? <> · <a href={href(`/incidents/${a.incidentId}`)}>incident</a></> : null}</td>
                <td><StatusBadge status={a.status} /></td>
                <td className="nowrap">
                  {a.status === 'open' ? <button type="button" className="small" onClick={() => void act(a, 'ack')}>Ack</button> : null}{' '}
                  {a.status !== 'resolved' ? <button type="button" className="small" onClick={() => void act(a, 'resolve')}>Resolve</button> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page.hasMore ? <button type="button" onClick={page.loadMore} disabled={page.loading}>Load more</button> : null}
    </>
  );
}

function Select({ label, value, options, onChange }: { label: string; value: string | undefined; options: readonly string[]; onChange(v: string): void }) {
  return (
    <label>
      {label}{' '}
      <select value={value ?? ''} onChange={(e) => onChange(e.target.value)}>
        <option value="">any</option>
        {options.map((o) => <option key={o} value={o}>{o}</option>)}
      </select>
    </label>
  );
}
