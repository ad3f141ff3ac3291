import { describe, expect, it } from 'vitest';
import type { Template } from '../domain/template.js';
import { fromTemplates, toTemplateFields, validateSnapshot } from './snapshot.js';
import { createMiner } from './template-miner.js';

function row(id: number, text: string, extra: Partial<Template> = {}): Template {
  return {
    id,
    key: `sshd\u001f${text}`,
    service: 'sshd',
    text,
    name: null,
    frozen: false,
    custom: false,
    normal: false,
    count: 3,
    firstSeen: 0,
    lastSeen: 0,
    example: '',
    ...extra,
  };
}

describe('snapshot <-> template rows', () => {
  it('restores a miner from store rows in id order, with ids, counts and flags', () => {
    const rows = [
      row(9, 'session closed for user <*>', { frozen: true }),
      row(2, 'Accepted password for <*> from <IP> port <NUM> ssh2'),
      row(5, 'user root logged in', { custom: true }),
    ];
    const snap = fromTemplates(rows);
    expect(snap.clusters.map((c) => c.id)).toEqual([2, 5, 9]);
    const miner = createMiner({}, snap);
    const out = miner.add('Accepted password for bob from 10.0.0.1 port 22 ssh2', 'sshd');
    expect(out).toMatchObject({ kind: 'matched', cluster: { id: 2, count: 4 } });
    expect(miner.add('session closed for user bob', 'sshd').cluster).toMatchObject({ id: 9, frozen: true });
    expect(miner.add('user root logged in', 'sshd').cluster).toMatchObject({ id: 5, custom: true });
    expect(toTemplateFields(miner.snapshot())).toContainEqual({ key: rows[1].key, service: 'sshd', text: rows[1].text, count: 4, frozen: false, custom: false });
  });

  it('restores only the first of identical templates (merged siblings)', () => {
    const snap = fromTemplates([row(1, 'layout <*>'), row(2, 'layout <*>', { key: 'sshd\u001flayout end' })]);
    const miner = createMiner({}, snap);
    expect([...miner.clusters()].map((c) => c.id)).toEqual([1]);
    expect(miner.add('layout begin', 'sshd').cluster.id).toBe(1);
  });

  it('validates parsed JSON before restoring, with a reason', () => {
    expect(validateSnapshot(null)).toEqual({ ok: false, reason: 'snapshot is not an object' });
    expect(validateSnapshot({ version: 2, clusters: [] })).toMatchObject({ ok: false, reason: 'unsupported snapshot version 2' });
    expect(validateSnapshot({ version: 1 })).toMatchObject({ ok: false });
    expect(validateSnapshot({ version: 1, clusters: [{ key: 'k' }] })).toMatchObject({ ok: false });
    const good = createMiner().snapshot();
    expect(validateSnapshot(JSON.parse(JSON.stringify(good)))).toEqual({ ok: true, snapshot: good });
  });
});
