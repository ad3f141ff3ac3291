import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { BULK_WAL_PAGES, bulkWalPolicy, WAL_SIZE_LIMIT } from './wal-policy.js';

const dir = mkdtempSync(join(tmpdir(), 'logtrack-wal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => void vi.useRealTimers());
let n = 0;

/** A WAL-mode file whose writes stay in the WAL (no checkpoint yet), with the policy on its connection. */
function store() {
  const path = join(dir, `wal-${++n}.db`);
  const raw = new Database(path);
  raw.pragma('journal_mode = WAL');
  const policy = bulkWalPolicy(raw, 200);
  raw.exec('create table t (x text)');
  const insert = raw.prepare('insert into t values (?)');
  raw.transaction(() => {
    for (let i = 0; i < 5000; i++) insert.run(`row ${i} `.repeat(20));
  })();
  return { raw, policy, fileBytes: () => statSync(path).size, walBytes: () => statSync(`${path}-wal`).size };
}

describe('bulkWalPolicy', () => {
  it('lets the WAL grow to its bulk size before a commit checkpoints it', () => {
    const { raw, walBytes, fileBytes } = store();
    expect(raw.pragma('wal_autocheckpoint', { simple: true })).toBe(BULK_WAL_PAGES);
    expect(raw.pragma('journal_size_limit', { simple: true })).toBe(WAL_SIZE_LIMIT);
    // Some 800 KB written, all of it still in the WAL.
    expect(walBytes()).toBeGreaterThan(500_000);
    expect(fileBytes()).toBeLessThan(100_000);
    raw.close();
  });

  it('checkpoints once no append has followed for its idle time, and not before', () => {
    vi.useFakeTimers();
    const { raw, policy, fileBytes } = store();
    const before = fileBytes();
    policy.appended();
    vi.advanceTimersByTime(150);
    policy.appended(); // a later append starts the wait again
    vi.advanceTimersByTime(150);
    expect(fileBytes()).toBe(before);
    vi.advanceTimersByTime(60);
    expect(fileBytes()).toBeGreaterThan(500_000);
    raw.close();
  });

  it('does nothing once stopped, nor after its connection closed', () => {
    vi.useFakeTimers();
    const a = store();
    const before = a.fileBytes();
    a.policy.appended();
    a.policy.stop();
    vi.advanceTimersByTime(1000);
    expect(a.fileBytes()).toBe(before);
    a.raw.close();
    const b = store();
    b.policy.appended();
    b.raw.close();
    expect(() => vi.advanceTimersByTime(1000)).not.toThrow();
  });
});
