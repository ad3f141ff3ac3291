/** The first page: volume per service with alert and anomaly markers, open incidents, newest templates. */
import { useState } from 'react';
import type { Incident, Page, ServiceSummary, StatsResponse, Template } from '../../../src/api/types.js';
import { SeverityBadge } from '../components/badges.js';
import { Async, Empty } from '../components/states.js';
import { VolumeChart } from '../components/volume-chart.js';
import { formatCount, formatShortTime, formatTime } from '../format.js';
import { useApi } from '../hooks.js';
import { href } from '../router.js';

export function OverviewPage() {
  const [service, setService] = useState('');
  const stats = useApi<StatsResponse>('/stats', { service });
  const services = useApi<ServiceSummary[]>('/services');
  const incidents = useApi<Page<Incident>>('/incidents', { status: 'open', limit: 8 });
  const templates = useApi<Template[]>('/templates', { order: 'newest', limit: 8 });

  return (
    <>
      <div className="page-head">
        <h1>Overview</h1>
        <label className="inline">
          Service{' '}
          <select value={service} onChange={(e) => setService(e.target.value)}>
            <option value="">All services</option>
            {services.data?.map((s) => <option key={s.service} value={s.service}>{s.service}</option>)}
          </select>
        </label>
      </div>
      <section className="panel" aria-labelledby="volume-title">
        <h2 id="volume-title">Records over time</h2>
        <Async state={stats}>
          {(s) =>
            s.volume.length === 0 ? (
              <Empty>No records in this window. Ingest some with <code>logtrack ingest</code>.</Empty>
            ) : (
              <>
                <p className="muted small">
                  {formatTime(s.since)} – {formatTime(s.until)} UTC · {formatCount(s.volume.reduce((a, v) => a + v.count, 0))} records ·{' '}
                  {s.markers.filter((m) => m.kind === 'alert').length} alerts (solid lines) · {s.markers.filter((m) => m.kind === 'anomaly').length} anomalies (dashed)
                </p>
                <VolumeChart stats={s} />
                {s.markers.length ? (
                  <details className="markers">
                    <summary>Alerts and anomalies on the chart ({s.markers.length})</summary>
                    <ul className="list">
                      {s.markers.slice(0, 50).map((m) => (
                        <li key={m.alertId}>
                          <span className="nowrap muted">{formatShortTime(m.ts)}</span> <SeverityBadge severity={m.severity} />{' '}
                          <span className="muted small">{m.kind}</span> {m.label}
                        </li>
                      ))}
                    </ul>
                  </details>
                ) : null}
              </>
            )
          }
        </Async>
      </section>
      <div className="columns">
        <section className="panel" aria-labelledby="open-title">
          <h2 id="open-title">Open incidents</h2>
          <Async state={incidents}>
            {(page) =>
              page.rows.length === 0 ? <Empty>No open incidents.</Empty> : (
                <ul className="list">
                  {page.rows.map((i) => (
                    <li key={i.id}>
                      <SeverityBadge severity={i.severity} /> <a href={href(`/incidents/${i.id}`)}>{i.title}</a>
                      <span className="muted small"> · {i.services.join(', ')} · {formatShortTime(i.start)}</span>
                    </li>
                  ))}
                </ul>
              )
            }
          </Async>
        </section>
        <section className="panel" aria-labelledby="new-title">
          <h2 id="new-title">Newest templates</h2>
          <Async state={templates}>
            {(rows) =>
              rows.length === 0 ? <Empty>No templates mined yet.</Empty> : (
                <ul className="list">
                  {rows.map((t) => (
                    <li key={t.id}>
                      <a href={href('/logs', { template: t.id })}><code className="tpl">{t.name ?? t.text}</code></a>
                      <span className="muted small"> · {t.service} · first {formatShortTime(t.firstSeen)} · {formatCount(t.count)}×</span>
                    </li>
                  ))}
                </ul>
              )
            }
          </Async>
        </section>
      </div>
    </>
  );
}
