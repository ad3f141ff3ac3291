import { describe, expect, it } from 'vitest';
import { createMiner, type TemplateMiner } from './template-miner.js';
import { DEFAULT_MINER } from './options.js';

const SSH = [
  'Accepted password for alice from 10.0.0.7 port 52144 ssh2',
  'Accepted password for bob from 10.0.0.9 port 52177 ssh2',
  'Accepted password for carol from 10.0.0.12 port 40122 ssh2',
  'Failed password for root from 183.62.140.253 port 48946 ssh2',
  'Connection closed by 112.95.230.3 [preauth]',
  'Received disconnect from 183.62.140.253: 11: Bye Bye [preauth]',
];

function mineAll(miner: TemplateMiner, lines: readonly string[], group = 'sshd'): void {
  for (const l of lines) miner.add(l, group);
}

const texts = (miner: TemplateMiner) => [...miner.clusters()].map((c) => c.text);

describe('createMiner: learning', () => {
  it('reports created, then matched, then changed when a template generalises', () => {
    const miner = createMiner({ wordVariety: 1 });
    const first = miner.add('Deleting block blk_1 file /data/a/b on sda');
    expect(first.kind).toBe('created');
    expect(miner.add('Deleting block blk_2 file /data/c/d on sda').kind).toBe('matched');
    const changed = miner.add('Deleting block blk_3 file /data/e/f on sdb');
    expect(changed.kind).toBe('changed');
    expect(changed.cluster.text).toBe('Deleting block blk_<NUM> file <PATH> on <*>');
    expect(changed.cluster.key).toBe(first.cluster.key);
    expect(changed.cluster.count).toBe(3);
  });

  it('extracts typed params in line order', () => {
    const miner = createMiner({ wordVariety: 1 });
    miner.add('Accepted password for alice from 10.0.0.7 port 52144 ssh2');
    const out = miner.add('Accepted password for bob from 10.0.0.9 port 52177 ssh2');
    expect(out.cluster.text).toBe('Accepted password for <*> from <IP> port <NUM> ssh2');
    expect(out.params).toEqual([
      { value: 'bob', mask: '*' },
      { value: '10.0.0.9', mask: 'IP' },
      { value: '52177', mask: 'NUM' },
    ]);
  });

  it('keeps words that took fewer than wordVariety values apart, then merges the siblings', () => {
    const miner = createMiner({ wordVariety: 3 });
    const a = miner.add('focus changed, layout begin');
    const b = miner.add('focus changed, layout end');
    expect(b.kind).toBe('created');
    expect(texts(miner)).toEqual(['focus changed, layout begin', 'focus changed, layout end']);
    const c = miner.add('focus changed, layout reset');
    expect(c.kind).toBe('changed');
    expect(c.cluster.key).toBe(a.cluster.key);
    expect(texts(miner)).toEqual(['focus changed, layout <*>']);
    expect(b.cluster.mergedInto).toBe(a.cluster.key);
    expect(b.cluster.text).toBe('focus changed, layout <*>');
  });

  it('never merges different ALL-CAPS states, phrases or keys', () => {
    const miner = createMiner();
    mineAll(miner, ['task 1 Transitioned from NEW to RUNNING', 'task 2 Transitioned from RUNNING to DONE'], '');
    mineAll(miner, ['session 5 closed: connection reset by peer', 'session 6 closed: link has been severed'], '');
    mineAll(miner, ['op=get ms=1 key=a', 'op=get ms=2 size=3'], '');
    expect(miner.snapshot().clusters).toHaveLength(6);
  });

  it('mines each group apart', () => {
    const miner = createMiner();
    const a = miner.add('worker started', 'api');
    const b = miner.add('worker started', 'db');
    expect(a.cluster).not.toBe(b.cluster);
    expect(b.kind).toBe('created');
    expect(b.cluster.key).toBe('db\u001fworker started');
  });

  it('gives the same keys to two miners fed the same data', () => {
    const one = createMiner();
    const two = createMiner();
    mineAll(one, SSH);
    mineAll(two, SSH);
    expect([...one.clusters()].map((c) => c.key)).toEqual([...two.clusters()].map((c) => c.key));
  });

  it('templates a stack trace on its first line and keeps the rest as one param', () => {
    const miner = createMiner();
    miner.add('Request 1 failed: boom\n\tat a.B.c(B.java:1)');
    const out = miner.add('Request 2 failed: boom\n\tat a.B.c(B.java:1)\n\tat d.E.f(E.java:9)');
    expect(out.kind).toBe('matched');
    expect(out.cluster.text).toBe('Request <NUM> failed: boom <TRACE>');
    expect(out.params.at(-1)).toEqual({ value: 'at a.B.c(B.java:1)\n\tat d.E.f(E.java:9)', mask: 'TRACE' });
  });

  it('templates JSON objects on their keys', () => {
    const miner = createMiner();
    miner.add('{"user":"bob","ms":12}');
    const out = miner.add('{"user":"al","ms":1}');
    expect(out.kind).toBe('matched');
    expect(out.cluster.text).toBe('{"user":<*>,"ms":<*>}');
    expect(out.params).toEqual([
      { value: 'al', mask: '*' },
      { value: '1', mask: 'NUM' },
    ]);
    expect(miner.add('{"user":"bob"}').kind).toBe('created');
  });

  it('caps the tokens it considers: the rest of a long line is one variable', () => {
    const miner = createMiner({ maxTokens: 4 });
    miner.add('a b c d e f g');
    const out = miner.add('a b c x y z w v');
    expect(out.kind).toBe('matched');
    expect(out.cluster.text).toBe('a b c <*>');
    expect(out.params).toEqual([{ value: 'x y z w v', mask: '*' }]);
  });

  it('finds clusters placed under the wildcard branch once a node has maxChildren children', () => {
    const miner = createMiner({ maxChildren: 1 });
    const lines = ['alpha service is up', 'beta service is up', 'gamma service is down now'];
    const clusters = lines.map((l) => miner.add(l).cluster);
    expect(lines.map((l) => miner.match(l))).toEqual(clusters.map((cluster) => expect.objectContaining({ kind: 'matched', cluster })));
    const restored = createMiner({}, miner.snapshot());
    expect(lines.map((l) => restored.match(l).kind)).toEqual(['matched', 'matched', 'matched']);
  });

  it('handles empty and whitespace-only messages', () => {
    const miner = createMiner();
    expect(miner.add('').kind).toBe('created');
    expect(miner.add('   ').kind).toBe('matched');
  });

  it('evicts the least recently used cluster beyond maxClusters', () => {
    const miner = createMiner({ maxClusters: 2 });
    miner.add('alpha one');
    miner.add('beta two three');
    miner.add('alpha one');
    miner.add('gamma four five six');
    expect(texts(miner)).toEqual(['alpha one', 'gamma four five six']);
    expect(miner.add('beta two three').kind).toBe('created');
  });

  it('reports created and changed clusters once through takeDirty', () => {
    const miner = createMiner({ wordVariety: 1 });
    miner.add('disk full on sda');
    miner.add('disk full on sdb');
    miner.add('disk full on sdc');
    const dirty = miner.takeDirty();
    expect(dirty.map((c) => c.text)).toEqual(['disk full on <*>']);
    expect(miner.takeDirty()).toEqual([]);
  });

  it('rejects options that cannot work', () => {
    expect(() => createMiner({ similarity: 2 })).toThrow(/similarity/);
    expect(() => createMiner({ maxTokens: 1 })).toThrow(/maxTokens/);
    expect(() => createMiner({ customMasks: [{ name: 'bad name', pattern: 'x' }] })).toThrow(/upper-case/);
    expect(() => createMiner({ customMasks: [{ name: 'BAD', pattern: '(' }] })).toThrow();
  });
});

describe('createMiner: inference, freezing and custom templates', () => {
  it('match never changes the miner', () => {
    const miner = createMiner();
    mineAll(miner, SSH);
    miner.takeDirty();
    const before = miner.snapshot();
    expect(miner.match('Accepted password for zed from 10.0.0.1 port 1 ssh2', 'sshd')).toMatchObject({ kind: 'matched' });
    expect(miner.match('Accepted password for zed from 10.0.0.1 port 1 ssh3', 'sshd')).toEqual({ kind: 'unmatched' });
    expect(miner.match('something else entirely', 'sshd')).toEqual({ kind: 'unmatched' });
    expect(miner.match('Accepted password for zed from 10.0.0.1 port 1 ssh2', 'other')).toEqual({ kind: 'unmatched' });
    expect(miner.snapshot()).toEqual(before);
    expect(miner.takeDirty()).toEqual([]);
  });

  it('never generalises a frozen cluster', () => {
    const miner = createMiner({ wordVariety: 1 });
    const c = miner.add('disk full on sda').cluster;
    expect(miner.freeze(c.key)).toBe(true);
    expect(miner.freeze('no such key')).toBe(false);
    expect(miner.add('disk full on sdb').kind).toBe('created');
    expect(c.text).toBe('disk full on sda');
    expect(miner.add('disk full on sda').cluster).toBe(c);
  });

  it('gives custom templates precedence, with named masks and wildcards', () => {
    const miner = createMiner();
    mineAll(miner, SSH);
    const custom = miner.addCustom('Accepted password for root from <IP> port <NUM> ssh2', 'sshd');
    expect(custom.custom).toBe(true);
    const out = miner.add('Accepted password for root from 10.0.0.1 port 22 ssh2', 'sshd');
    expect(out.cluster).toBe(custom);
    expect(out.params.map((p) => p.mask)).toEqual(['IP', 'NUM']);
    expect(miner.add('Accepted password for dave from 10.0.0.1 port 22 ssh2', 'sshd').cluster).not.toBe(custom);
    expect(miner.addCustom('Accepted password for root from <IP> port <NUM> ssh2', 'sshd')).toBe(custom);
  });
});

describe('createMiner: snapshots', () => {
  const more = [
    'Accepted password for erin from 10.0.0.3 port 1 ssh2',
    'Failed password for root from 1.2.3.4 port 2 ssh2',
    'Connection closed by 8.8.8.8 [preauth]',
    'Something new 42',
  ];

  it('is plain JSON and restores to the same matching behaviour', () => {
    const miner = createMiner({ similarity: 0.5 });
    mineAll(miner, SSH);
    const snap = JSON.parse(JSON.stringify(miner.snapshot()));
    const restored = createMiner({}, snap);
    expect(restored.options).toEqual(miner.options);
    expect(restored.snapshot()).toEqual(miner.snapshot());
    for (const line of [...SSH, ...more]) {
      const a = miner.match(line, 'sshd');
      const b = restored.match(line, 'sshd');
      expect(b.kind).toBe(a.kind);
      if (a.kind === 'matched' && b.kind === 'matched') {
        expect(b.cluster.key).toBe(a.cluster.key);
        expect(b.params).toEqual(a.params);
      }
    }
    for (const line of more) expect(restored.add(line, 'sshd')).toMatchObject({ kind: miner.add(line, 'sshd').kind });
    expect(restored.snapshot()).toEqual(miner.snapshot());
  });

  it('keeps frozen and custom templates, counts and store ids across a restore', () => {
    const miner = createMiner({ wordVariety: 1 });
    const frozen = miner.add('disk full on sda').cluster;
    frozen.id = 7;
    miner.freeze(frozen.key);
    miner.addCustom('user <*> logged in');
    const restored = createMiner({}, miner.snapshot());
    const again = restored.add('disk full on sdb');
    expect(again.kind).toBe('created');
    const same = restored.add('disk full on sda');
    expect(same.cluster).toMatchObject({ key: frozen.key, id: 7, frozen: true, count: 2 });
    expect(restored.add('user bob logged in').cluster).toMatchObject({ custom: true, text: 'user <*> logged in' });
  });

  it('lets explicit options override the snapshot options', () => {
    const miner = createMiner({ similarity: 0.7 });
    expect(createMiner({ depth: 3 }, miner.snapshot()).options).toMatchObject({ similarity: 0.7, depth: 3 });
    expect(createMiner().options).toEqual({ ...DEFAULT_MINER });
  });
});
