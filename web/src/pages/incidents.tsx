import type { Incident } from '../../../src/api/types.js';
import { SeverityBadge, StatusBadge } from '../components/badges.js';
import { Empty } from '../components/states.js';
import { formatShortTime, formatSpan } from '../format.js';
import { usePaged } from '../pager.js';
import { href, navigate } from '../router.js';

const STATUSES = ['open', 'acked', 'resolved'] as const;

export function IncidentsPage({ query }: { query: URLSearchParams }) {
  const status = query.get('status') ?? 'open';
  const page = usePaged<Incident>('/incidents', { status: status === 'all' ? undefined : status, limit: 50 });
  return (
    <>
      <div className="page-head">
        <h1>Incidents</h1>
        <label className="inline">
          Status{' '}
          <select value={status} onChange={(e) => navigate('/incidents', { status: e.target.value })}>
            {STATUSES.map((s) => <option key={s} value={s}>{s}</option>)}
            <option value="all">all</option>
          </select>
        </label>
      </div>
      {page.error ? <p className="error" role="alert">{page.error}</p> : null}
      {!page.loading && page.rows.length === 0 ? <Empty>No {status === 'all' ? '' : `${status} `}incidents.</Empty> : (
        <table>
          <thead>
            <tr><th scope="col">Severity</th><th scope="col">Incident</th><th scope="col">Status</th><th scope="col">Services</th><th scope="col">Started (UTC)</th><th scope="col">Lasted</th><th scope="col">Alerts</th></tr>
          </thead>
          <tbody>
            {page.rows.map((i) => (
              <tr key={i.id}>
                <td><SeverityBadge severity={i.severity} /></td>
                <td><a href={href(`/incidents/${i.id}`)}>{i.title}</a></td>
                <td><StatusBadge status={i.status} /></td>
                <td>{i.services.join(', ')}</td>
                <td className="nowrap">{formatShortTime(i.start)}</td>
                <td className="nowrap">{formatSpan(i.start, i.end)}</td>
                <td className="num">{i.members.length}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page.hasMore ? <button type="button" onClick={page.loadMore} disabled={page.loading}>Load more</button> : null}
    </>
  );
}
