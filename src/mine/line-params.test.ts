import { describe, expect, it } from 'vitest';
import { createMiner } from './template-miner.js';

describe('LineOutcome: params read lazily', () => {
  it('gives a line its own params even when read after later lines were scanned', () => {
    const miner = createMiner({ wordVariety: 1 });
    const first = miner.add('Accepted password for alice from 10.0.0.7 port 52144 ssh2');
    const second = miner.add('Accepted password for bob from 10.0.0.9 port 52177 ssh2');
    const third = miner.match('Accepted password for carol from 192.168.1.20 port 4 ssh2');
    miner.add('something else entirely 123');
    expect(first.params).toEqual([
      { value: '10.0.0.7', mask: 'IP' },
      { value: '52144', mask: 'NUM' },
    ]);
    expect(second.params).toEqual([
      { value: 'bob', mask: '*' },
      { value: '10.0.0.9', mask: 'IP' },
      { value: '52177', mask: 'NUM' },
    ]);
    expect(third.kind === 'matched' && third.params).toEqual([
      { value: 'carol', mask: '*' },
      { value: '192.168.1.20', mask: 'IP' },
      { value: '4', mask: 'NUM' },
    ]);
  });

  it('returns the same list on every read, JSON leaf values last', () => {
    const miner = createMiner();
    const out = miner.add('{"user":"bob","ms":12}');
    expect(out.params).toBe(out.params);
    expect(out.params.map((p) => p.value)).toEqual(['bob', '12']);
  });

  it('types a generalised token that is one masked span by its mask, any other by `*`', () => {
    const miner = createMiner({ wordVariety: 1 });
    miner.add('took 12 ms on a');
    miner.add('took 0x1f ms on b');
    const out = miner.add('took 7 ms on c');
    expect(out.cluster.text).toBe('took <*> ms on <*>');
    expect(out.params).toEqual([
      { value: '7', mask: 'NUM' },
      { value: 'c', mask: '*' },
    ]);
  });

  it('gives the values alone exactly as the params hold them, before or after the params are read, extras included', () => {
    const lines = [
      'Accepted password for alice from 10.0.0.7 port 52144 ssh2',
      'Accepted password for bob from 10.0.0.9 port 52177 ssh2',
      '{"user":"bob","ms":12,"tags":["a","b"]}',
      'took 0x1f ms on b',
      'no params here',
    ];
    const miner = createMiner({ wordVariety: 1 });
    const outcomes = lines.map((l) => miner.add(l));
    miner.add('a later line 42 that reuses the scanner');
    const valuesFirst = outcomes.map((o) => o.values);
    const params = outcomes.map((o) => o.params.map((p) => p.value));
    expect(valuesFirst).toEqual(params);
    expect(outcomes.map((o) => o.values)).toEqual(params);
    expect(valuesFirst[2]).toContain('bob');
    expect(valuesFirst[4]).toEqual([]);
  });
});
