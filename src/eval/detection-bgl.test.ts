import { describe, expect, it } from 'vitest';
import { BGL_WINDOW, parseBglLine, windows } from './detection-bgl.js';

describe('BGL 2k protocol', () => {
  it('reads the alert tag, the service (type.component), level and content of a raw line', () => {
    const alert = parseBglLine('KERNDTLB 1118536327 2005.06.11 R30-M0-N9-C:J16-U01 2005-06-11-17.32.07.581048 R30-M0-N9-C:J16-U01 RAS KERNEL FATAL data TLB error interrupt');
    expect(alert).toMatchObject({ alert: true, group: 'RAS.KERNEL', record: { service: 'RAS.KERNEL', level: 'FATAL', message: 'data TLB error interrupt', ts: 1118536327000 } });
    const normal = parseBglLine('- 1117838570 2005.06.03 R02-M1-N0-C:J12-U11 2005-06-03-15.42.50.675872 R02-M1-N0-C:J12-U11 RAS KERNEL INFO instruction cache parity error corrected');
    expect(normal?.alert).toBe(false);
    expect(parseBglLine('not a bgl line')).toBeNull();
  });

  it('labels a window by any alert, predicts it by any flagged line and scores it by its largest line score', () => {
    const n = BGL_WINDOW * 2 + 3;
    const alerts = Array.from({ length: n }, (_, i) => i === BGL_WINDOW + 1);
    const predicted = Array.from({ length: n }, (_, i) => i === n - 1);
    const scores = Array.from({ length: n }, (_, i) => (i === 5 ? 9 : i === n - 1 ? 4 : 0));
    expect(windows(alerts, predicted, scores)).toEqual({ labels: [false, true, false], predicted: [false, false, true], scores: [9, 0, 4] });
  });
});
