/**
 * Records per service over time (uPlot, one line per service) with alert markers (solid) and
 * anomaly markers (dashed) drawn as vertical lines in their severity's colour.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import type { ChartMarker, StatsResponse } from '../../../src/api/types.js';
import type { Severity } from '../../../src/domain/index.js';

const SERIES_COLOURS = ['#2563eb', '#059669', '#9333ea', '#d97706', '#0891b2', '#db2777', '#4b5563', '#65a30d'];
const COUNT_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6, 1e7, 1e8];
const SEVERITY_COLOURS: Record<Severity, string> = { LOW: '#64748b', MEDIUM: '#d97706', HIGH: '#ea580c', CRITICAL: '#dc2626' };

/** Columns for uPlot: bucket times in seconds, then one count column per service (0 where absent). */
export function chartData(stats: StatsResponse): uPlot.AlignedData {
  const buckets: number[] = [];
  for (let t = Math.floor(stats.since / stats.bucketMs) * stats.bucketMs; t < stats.until; t += stats.bucketMs) buckets.push(t);
  const index = new Map(buckets.map((b, i) => [b, i]));
  const columns = stats.services.map(() => new Array<number>(buckets.length).fill(0));
  for (const v of stats.volume) {
    const i = index.get(v.bucket);
    const s = stats.services.indexOf(v.service);
    if (i !== undefined && s >= 0) columns[s]![i] = v.count;
  }
  return [buckets.map((b) => b / 1000), ...columns];
}

/** Axis labels in UTC, 24-hour: "14:30", with the date under the first tick and each new day. */
function timeLabels(_u: uPlot, splits: number[]): string[] {
  let lastDay = '';
  return splits.map((s) => {
    const iso = new Date(s * 1000).toISOString();
    const day = iso.slice(5, 10);
    const label = day !== lastDay ? `${iso.slice(11, 16)}\n${day}` : iso.slice(11, 16);
    lastDay = day;
    return label;
  });
}

function markerPlugin(markers: ChartMarker[]): uPlot.Plugin {
  return {
    hooks: {
      draw: (u) => {
        const { ctx, bbox } = u;
        ctx.save();
        ctx.lineWidth = 2 * uPlot.pxRatio;
        for (const m of markers) {
          const x = Math.round(u.valToPos(m.ts / 1000, 'x', true));
          if (x < bbox.left || x > bbox.left + bbox.width) continue;
          ctx.strokeStyle = SEVERITY_COLOURS[m.severity];
          ctx.setLineDash(m.kind === 'anomaly' ? [6 * uPlot.pxRatio, 4 * uPlot.pxRatio] : []);
          ctx.beginPath();
          ctx.moveTo(x, bbox.top);
          ctx.lineTo(x, bbox.top + bbox.height);
          ctx.stroke();
        }
        ctx.restore();
      },
    },
  };
}

export function VolumeChart({ stats, height = 260 }: { stats: StatsResponse; height?: number }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const opts: uPlot.Options = {
      width: Math.max(320, el.clientWidth),
      height,
      plugins: [markerPlugin(stats.markers)],
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.1] } },
      axes: [
        { stroke: '#475569', grid: { stroke: '#e2e8f0' }, values: timeLabels, size: 48 },
        // Counts are whole numbers: no 0.5 ticks.
        { stroke: '#475569', grid: { stroke: '#e2e8f0' }, size: 56, incrs: COUNT_STEPS },
      ],
      series: [
        { label: 'Time (UTC)', value: (_u, v) => (v == null ? '–' : new Date(v * 1000).toISOString().slice(0, 16).replace('T', ' ')) },
        ...stats.services.map((service, i) => ({ label: service, stroke: SERIES_COLOURS[i % SERIES_COLOURS.length], width: 1.5, points: { show: false } })),
      ],
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    };
    const plot = new uPlot(opts, chartData(stats), el);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(320, el.clientWidth), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [stats, height]);
  return <div ref={box} className="chart" role="img" aria-label={`Records per ${stats.bucketMs / 60_000}-minute bucket for ${stats.services.join(', ') || 'no services'}`} />;
}
