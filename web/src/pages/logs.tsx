/** The logs explorer: filters, full-text search, by template, and a live tail over server-sent events. */
import { useEffect, useState, type FormEvent } from 'react';
import type { ServiceSummary, StoredLog } from '../../../src/api/types.js';
import { LEVELS } from '../../../src/domain/index.js';
import { API, queryString } from '../api.js';
import { LevelBadge } from '../components/badges.js';
import { LogMessage } from '../components/log-message.js';
import { Empty } from '../components/states.js';
import { formatTime, fromInputTime, toInputTime } from '../format.js';
import { useApi } from '../hooks.js';
import { usePaged } from '../pager.js';
import { navigate } from '../router.js';

const FIELDS = ['service', 'level', 'grep', 'template', 'user', 'since', 'until'] as const;
type Filters = Partial<Record<(typeof FIELDS)[number], string>>;
const LIVE_CAP = 500;

export function LogsPage({ query }: { query: URLSearchParams }) {
  const filters: Filters = Object.fromEntries(FIELDS.flatMap((f) => (query.get(f) ? [[f, query.get(f)!]] : [])));
  const page = usePaged<StoredLog>('/logs', { ...filters, limit: 100 });
  const services = useApi<ServiceSummary[]>('/services');
  const [live, setLive] = useState(false);
  const [liveState, setLiveState] = useState<'connecting' | 'live' | 'retrying'>('connecting');

  useEffect(() => {
    if (!live) return;
    const source = new EventSource(`${API}/logs/stream${queryString({ service: filters.service, level: filters.level, grep: filters.grep })}`);
    source.addEventListener('ready', () => setLiveState('live'));
    source.addEventListener('log', (e) => {
      const log = JSON.parse((e as MessageEvent<string>).data) as StoredLog;
      // The stream filters by service, level and text; template and user are checked here.
      if (filters.template && log.templateId !== Number(filters.template)) return;
      if (filters.user && log.user !== filters.user) return;
      page.prepend([log], LIVE_CAP);
    });
    source.onerror = () => setLiveState('retrying');
    return () => source.close();
    // Reconnect only when a filter changes (the page object is new on every render).
  }, [live, filters.service, filters.level, filters.grep, filters.template, filters.user]);

  function apply(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const value = (name: string) => String(form.get(name) ?? '').trim() || undefined;
    navigate('/logs', {
      service: value('service'), level: value('level'), grep: value('grep'), template: value('template'), user: value('user'),
      since: fromInputTime(value('since') ?? ''), until: fromInputTime(value('until') ?? ''),
    });
  }

  return (
    <>
      <div className="page-head">
        <h1>Logs</h1>
        <label className="inline toggle">
          <input type="checkbox" checked={live} onChange={(e) => { setLive(e.target.checked); setLiveState('connecting'); }} /> Live tail
          {live ? <span className={`live live-${liveState}`} role="status">{liveState}</span> : null}
        </label>
      </div>
      <form className="filters" onSubmit={apply} aria-label="Filter logs" key={JSON.stringify(filters)}>
        <label>Service{' '}
          <select name="service" defaultValue={filters.service ?? ''}>
            <option value="">all</option>
            {services.data?.map((s) => <option key={s.service} value={s.service}>{s.service}</option>)}
          </select>
        </label>
        <label>Level{' '}
          <select name="level" defaultValue={filters.level ?? ''}>
            <option value="">any</option>
            {LEVELS.map((l) => <option key={l} value={l}>{l} and worse</option>)}
          </select>
        </label>
        <label className="grow">Text <input name="grep" type="search" defaultValue={filters.grep} placeholder="contains…" /></label>
        <label>Template id <input name="template" inputMode="numeric" size={6} defaultValue={filters.template} /></label>
        <label>User <input name="user" size={10} defaultValue={filters.user} /></label>
        <label>From (UTC) <input name="since" type="datetime-local" defaultValue={toInputTime(filters.since ? Number(filters.since) : undefined)} /></label>
        <label>To (UTC) <input name="until" type="datetime-local" defaultValue={toInputTime(filters.until ? Number(filters.until) : undefined)} /></label>
        <button type="submit" className="primary">Search</button>
      </form>
      {page.error ? <p className="error" role="alert">{page.error}</p> : null}
      {!page.loading && page.rows.length === 0 ? <Empty>No records match.</Empty> : (
        <table className="logs">
          <thead><tr><th scope="col">Time (UTC)</th><th scope="col">Level</th><th scope="col">Service</th><th scope="col">User</th><th scope="col">Message</th></tr></thead>
          <tbody>
            {page.rows.map((r) => (
              <tr key={r.id}>
                <td className="nowrap">{formatTime(r.ts)}</td>
                <td><LevelBadge level={r.level} /></td>
                <td>{r.service}</td>
                <td>{r.user ?? ''}</td>
                <td><LogMessage message={r.message} params={r.params} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page.hasMore && !live ? <button type="button" onClick={page.loadMore} disabled={page.loading}>Load older</button> : null}
    </>
  );
}
