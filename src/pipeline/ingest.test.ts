import { spawn } from 'node:child_process';
import { appendFileSync, chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import { resolveInputs } from '../sources/inputs.js';
import { ingest } from './ingest.js';

const dir = mkdtempSync(join(tmpdir(), 'logtrack-ingest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const USERS = ['alice', 'bob', 'carol', 'dave'];
function genericLines(n: number, from = 0): string {
  const out: string[] = [];
  for (let i = from; i < from + n; i++) {
    const ts = new Date(Date.UTC(2024, 0, 15, 10, 0, 0) + i * 1000).toISOString();
    const user = USERS[i % USERS.length];
    out.push(i % 7 === 0 ? `${ts} ERROR auth user=${user} Login failed from 10.0.0.${i % 250}` : `${ts} INFO auth user=${user} Login succeeded from 10.0.0.${i % 250}`);
  }
  return `${out.join('\n')}\n`;
}

async function withFreshStore<T>(fn: (store: Store, path: string) => Promise<T>): Promise<T> {
  const path = join(mkdtempSync(join(dir, 'db-')), 'logtrack.db');
  const store = await openStore(path);
  try {
    return await fn(store, path);
  } finally {
    await store.close();
  }
}

describe('ingest', () => {
  it('stores every line with a template, and the same file twice stores nothing new', async () => {
    const file = join(dir, 'auth.log');
    writeFileSync(file, genericLines(500));
    await withFreshStore(async (store) => {
      const first = await ingest(store, await resolveInputs([file]));
      expect(first.recordsStored).toBe(500);
      expect(first.rejected).toBe(0);
      expect(first.earliestTs).toBe(Date.UTC(2024, 0, 15, 10, 0, 0));
      const page = await store.queryLogs({ limit: 10, order: 'asc' });
      expect(page.rows[0]!.user).toBe('alice');
      expect(page.rows[0]!.templateId).not.toBeNull();
      const templates = await store.listTemplates();
      expect(templates.length).toBeGreaterThanOrEqual(2);
      expect(templates.reduce((n, t) => n + t.count, 0)).toBe(500);
      const again = await ingest(store, await resolveInputs([file]));
      expect(again.recordsStored).toBe(0);
      expect(again.earliestTs).toBeNull();
      expect(again.files[0]!.kind).toBe('unchanged');
      expect(await store.countLogs()).toBe(500);
    });
  });

  it('ingests only the appended lines of a grown file', async () => {
    const file = join(dir, 'grow.log');
    writeFileSync(file, genericLines(100));
    await withFreshStore(async (store) => {
      await ingest(store, await resolveInputs([file]));
      appendFileSync(file, genericLines(40, 100));
      const second = await ingest(store, await resolveInputs([file]));
      expect(second.recordsStored).toBe(40);
      expect(second.earliestTs).toBe(Date.UTC(2024, 0, 15, 10, 0, 0) + 100 * 1000);
      expect(await store.countLogs()).toBe(140);
      const newest = await store.queryLogs({ limit: 1 });
      expect(newest.rows[0]!.source.line).toBe(140);
    });
  });

  it('reads gzip, and keeps rejects with their reasons without stopping', async () => {
    const file = join(dir, 'mixed.log.gz');
    writeFileSync(file, gzipSync(`${genericLines(20)}\u0000\u0001\u0002\u0003binary\u0000garbage\n${genericLines(5, 20)}`));
    await withFreshStore(async (store) => {
      const s = await ingest(store, await resolveInputs([file]), { preset: 'generic' });
      expect(s.recordsStored).toBe(25);
      expect(s.rejected).toBe(1);
      const rejects = await store.listRejects();
      expect(rejects[0]!.source.line).toBe(21);
      expect(Object.keys(await store.countRejects())).toEqual([rejects[0]!.reason]);
    });
  });

  it('reports a truncated gzip, keeping the lines before the cut', async () => {
    const file = join(dir, 'cut.log.gz');
    const full = gzipSync(genericLines(20_000));
    writeFileSync(file, full.subarray(0, Math.floor(full.length * 0.6)));
    await withFreshStore(async (store) => {
      const s = await ingest(store, await resolveInputs([file]));
      expect(s.files[0]!.kind).toBe('failed');
      expect(s.recordsStored).toBeGreaterThan(1000);
      expect(s.rejectsByReason['truncated gzip']).toBe(1);
    });
  });

  it('handles an empty file and a 10 MB line without crashing', async () => {
    const empty = join(dir, 'empty.log');
    writeFileSync(empty, '');
    const huge = join(dir, 'huge.log');
    writeFileSync(huge, `${genericLines(3)}${'x'.repeat(10 * 1024 * 1024)}\n${genericLines(2, 3)}`);
    await withFreshStore(async (store) => {
      const s = await ingest(store, await resolveInputs([empty, huge]));
      expect(s.files[0]!.kind).toBe('empty');
      expect(s.recordsStored).toBe(5);
      expect(s.rejectsByReason['line too long']).toBe(1);
      const [reject] = await store.listRejects();
      expect(reject!.raw.length).toBeLessThanOrEqual(2048);
    });
  });

  it('names an unreadable file in one sentence', async () => {
    const locked = join(dir, 'locked.log');
    writeFileSync(locked, 'x\n');
    chmodSync(locked, 0o000);
    const isRoot = process.getuid?.() === 0;
    if (isRoot) {
      // root reads anything: the error path is covered by the missing-file case instead.
      await expect(resolveInputs([join(dir, 'missing.log')])).rejects.toThrow(/missing\.log does not exist/);
    } else {
      await expect(resolveInputs([locked])).rejects.toThrow(/permission denied/);
    }
  });

  it('a run killed mid-ingest and re-run stores every line exactly once', async () => {
    const file = join(dir, 'big.log');
    const total = 120_000;
    writeFileSync(file, genericLines(total));
    const db = join(mkdtempSync(join(dir, 'kill-')), 'kill.db');
    const cli = join(process.cwd(), 'src/cli/bin.ts');
    // One process (not the tsx wrapper, whose child would survive the kill).
    const child = spawn(process.execPath, ['--import', 'tsx', cli, 'ingest', file, '--db', db, '--json'], { stdio: 'ignore' });
    // Kill it once some batches are committed but before it finishes.
    await new Promise<void>((resolve, reject) => {
      const started = Date.now();
      const timer = setInterval(() => {
        try {
          const raw = new BetterSqlite3(db, { readonly: true, fileMustExist: true });
          const n = (raw.prepare('select count(*) n from logs').get() as { n: number }).n;
          raw.close();
          if (n > 0) {
            clearInterval(timer);
            child.kill('SIGKILL');
            resolve();
          }
        } catch {
          // not created yet
        }
        if (Date.now() - started > 60_000) {
          clearInterval(timer);
          reject(new Error('ingest never stored a batch'));
        }
      }, 20);
    });
    await new Promise((r) => child.on('exit', r));
    const store = await openStore(db);
    try {
      const partial = await store.countLogs();
      expect(partial).toBeGreaterThan(0);
      expect(partial).toBeLessThan(total);
      await ingest(store, await resolveInputs([file]));
      expect(await store.countLogs()).toBe(total);
    } finally {
      await store.close();
    }
    const raw = new BetterSqlite3(db, { readonly: true });
    const dup = raw.prepare('select count(*) n from (select src_offset from logs group by src_offset having count(*) > 1)').get() as { n: number };
    const lines = raw.prepare('select count(distinct src_line) n, min(src_line) lo, max(src_line) hi from logs').get() as { n: number; lo: number; hi: number };
    raw.close();
    expect(dup.n).toBe(0);
    expect(lines).toEqual({ n: total, lo: 1, hi: total });
  }, 120_000);
});
