/** One incident: what happened (timeline), why it is unusual (factors), the evidence, and what to do. */
import type { IncidentDetail } from '../../../src/api/types.js';
import { send } from '../api.js';
import { LevelBadge, SeverityBadge, StatusBadge } from '../components/badges.js';
import { LogMessage } from '../components/log-message.js';
import { Async, Empty } from '../components/states.js';
import { formatShortTime, formatSpan, formatTime } from '../format.js';
import { useAction, useApi } from '../hooks.js';
import { href } from '../router.js';

export function IncidentPage({ id }: { id: number }) {
  const detail = useApi<IncidentDetail>(`/incidents/${id}`);
  const { error, run } = useAction(detail.reload);
  const act = (verb: 'ack' | 'resolve') => run(() => send('POST', `/incidents/${id}/${verb}`));
  return (
    <>
      <p className="crumbs"><a href={href('/incidents')}>← Incidents</a></p>
      <Async state={detail}>
        {({ incident, alerts, factors, evidence, related }) => (
          <>
            <div className="page-head">
              <h1><SeverityBadge severity={incident.severity} /> {incident.title}</h1>
              <div className="actions">
                <StatusBadge status={incident.status} />
                <button type="button" onClick={() => void act('ack')} disabled={incident.status !== 'open'}>Acknowledge</button>
                <button type="button" onClick={() => void act('resolve')} disabled={incident.status === 'resolved'}>Resolve</button>
              </div>
            </div>
            {error ? <p className="error" role="alert">{error}</p> : null}
            <dl className="facts">
              <div><dt>When (UTC)</dt><dd>{formatTime(incident.start)} → {formatTime(incident.end)} ({formatSpan(incident.start, incident.end)})</dd></div>
              <div><dt>Services</dt><dd>{incident.services.join(', ') || '–'}</dd></div>
              {incident.users.length ? <div><dt>Users</dt><dd>{incident.users.join(', ')}</dd></div> : null}
              {incident.hosts.length ? <div><dt>Hosts</dt><dd>{incident.hosts.join(', ')}</dd></div> : null}
            </dl>

            <section className="panel" aria-labelledby="why-title">
              <h2 id="why-title">Why this is unusual</h2>
              {factors.length === 0 ? <Empty>The detectors gave no explanation.</Empty> : (
                <ul className="factors">
                  {factors.map((f, i) => (
                    <li key={i}>
                      <meter min={0} max={1} value={f.weight} aria-label={`weight ${Math.round(f.weight * 100)}%`} />
                      <span>{f.text}</span> <span className="muted small">({f.kind.replace('_', ' ')})</span>
                    </li>
                  ))}
                </ul>
              )}
            </section>

            <section className="panel" aria-labelledby="timeline-title">
              <h2 id="timeline-title">Timeline</h2>
              <ol className="timeline">
                {alerts.map((a) => (
                  <li key={a.id}>
                    <span className="nowrap muted">{formatShortTime(a.windowStart)}–{formatShortTime(a.windowEnd).slice(6)}</span>{' '}
                    <SeverityBadge severity={a.severity} /> <strong>{a.ruleName}</strong> {a.message}{' '}
                    <StatusBadge status={a.status} />
                  </li>
                ))}
              </ol>
            </section>

            <section className="panel" aria-labelledby="evidence-title">
              <h2 id="evidence-title">Evidence <span className="muted small">(template parameters highlighted)</span></h2>
              {evidence.length === 0 ? <Empty>No sample lines were kept.</Empty> : (
                <table className="logs">
                  <thead><tr><th scope="col">Time (UTC)</th><th scope="col">Level</th><th scope="col">Service</th><th scope="col">Message</th></tr></thead>
                  <tbody>
                    {evidence.map((e) => (
                      <tr key={e.log.id} className="evidence">
                        <td className="nowrap">{formatTime(e.log.ts)}</td>
                        <td><LevelBadge level={e.log.level} /></td>
                        <td>{e.log.service}</td>
                        <td>
                          <LogMessage message={e.log.message} segments={e.segments} />
                          {e.template ? (
                            <div className="small muted">template <a href={href('/logs', { template: e.template.id })}><code className="tpl">{e.template.name ?? e.template.text}</code></a></div>
                          ) : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>

            <section className="panel" aria-labelledby="related-title">
              <h2 id="related-title">Related anomalies</h2>
              {related.length === 0 ? <Empty>No statistical or ML anomalies nearby.</Empty> : (
                <ul className="list">
                  {related.map((a) => (
                    <li key={a.id}>
                      <SeverityBadge severity={a.severity} /> {formatShortTime(a.windowStart)} <strong>{a.ruleName}</strong> {a.message}
                      {a.scope.service ? <span className="muted"> · {a.scope.service}</span> : null}
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </>
        )}
      </Async>
    </>
  );
}
