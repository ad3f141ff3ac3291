import { describe, expect, it } from 'vitest';
import type { Level } from '../../domain/index.js';
import { createDetector } from './detector.js';
import { T0, feed, makeRule, rec } from './testing.js';

/** `errors` ERROR records after `ok` INFO records, one second apart. */
function mix(ok: number, errors: number, level: Level = 'ERROR') {
  return [
    ...Array.from({ length: ok }, (_, i) => rec({ ts: T0 + i * 1000 })),
    ...Array.from({ length: errors }, (_, i) => rec({ ts: T0 + (ok + i) * 1000, level })),
  ];
}

describe('error_ratio rule', () => {
  const rule = () => makeRule('error_ratio', { ratio: 0.5, min_count: 10, window_minutes: 5 });

  it('needs the error share strictly above the ratio', () => {
    expect(feed(createDetector(rule()), mix(5, 5))).toHaveLength(0);
    const alerts = feed(createDetector(rule()), mix(5, 6));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ observed: 6 / 11, threshold: 0.5, scope: { service: 'api' } });
    expect(alerts[0]!.factors[0]).toMatchObject({ kind: 'error_ratio', ratio: 6 / 11, normal: 0.5 });
  });

  it('needs at least min_count records', () => {
    expect(feed(createDetector(rule()), mix(0, 9))).toHaveLength(0);
    expect(feed(createDetector(rule()), mix(0, 10))).toHaveLength(1);
  });

  it('counts FATAL as an error but not WARN', () => {
    expect(feed(createDetector(rule()), mix(0, 10, 'FATAL'))).toHaveLength(1);
    expect(feed(createDetector(rule()), mix(0, 10, 'WARN'))).toHaveLength(0);
  });

  it('draws evidence from the error records only', () => {
    const records = mix(5, 6);
    const [alert] = feed(createDetector(rule()), records);
    expect(alert!.evidence).toEqual(records.slice(5).map((r) => r.id));
  });
});
