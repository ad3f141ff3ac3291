import { describe, expect, it } from 'vitest';
import { createPrng } from './prng.js';
import { ServiceWindow } from './service-window.js';

describe('ServiceWindow', () => {
  it('counts templates and errors as a plain list would, through growth, wrap-around and late records', () => {
    const span = 60_000;
    const w = new ServiceWindow(span);
    const p = createPrng(3);
    let entries: { ts: number; templateId: number; error: boolean }[] = [];
    let latest = -Infinity;
    let ts = 0;
    for (let i = 0; i < 20_000; i++) {
      // Mostly in order at varying rates (bursts grow the ring), now and then a record from the past.
      ts += p.next() < 0.01 ? 30_000 : Math.floor(p.next() * (i % 5000 < 1000 ? 5 : 400));
      const at = p.next() < 0.02 ? ts - Math.floor(p.next() * 90_000) : ts;
      const entry = { ts: at, templateId: p.int(7) - 1, error: p.next() < 0.1 };
      w.push(entry.ts, entry.templateId, entry.error);
      entries.push(entry);
      latest = Math.max(latest, at);
      // The list model: drop from the front while the oldest entry is out of the window.
      while (entries.length && entries[0]!.ts <= latest - span) entries = entries.slice(1);
      if (i % 97 === 0 || i > 19_990) {
        expect(w.size).toBe(entries.length);
        expect(w.errors).toBe(entries.filter((e) => e.error).length);
        const counts = new Map<number, number>();
        for (const e of entries) counts.set(e.templateId, (counts.get(e.templateId) ?? 0) + 1);
        expect(new Map([...w.counts].sort((a, b) => a[0] - b[0]))).toEqual(new Map([...counts].sort((a, b) => a[0] - b[0])));
      }
    }
    expect(w.warmingUp).toBe(false);
    const young = new ServiceWindow(span);
    young.push(1000, 1, false);
    young.push(50_000, 1, false);
    expect(young.warmingUp).toBe(true);
  });
});
