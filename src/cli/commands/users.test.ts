import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../store/open.js';
import { BACKENDS } from '../../store/testing/backends.js';
import { verifyPassword } from '../../server/auth/password.js';
import { sha256 } from '../../server/auth/secrets.js';

const CLI = fileURLToPath(new URL('../bin.ts', import.meta.url));

/** Run `logtrack ...args` in a child process with `input` on standard input (closed stdin, never a TTY). */
function logtrack(args: string[], input = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input);
  });
}

for (const backend of BACKENDS) {
  describe(`logtrack users (${backend.name})`, () => {
    afterAll(() => backend.cleanup());

    // Each step starts the CLI in a child process (a second or more on a busy machine).
    it('adds an admin from standard input, lists it, issues a token and changes the password', { timeout: 120_000 }, async () => {
      const db = await backend.freshLocation();
      const added = await logtrack(['users', 'add', 'root', '--role', 'admin', '--password-stdin', '--db', db], 'first password\n');
      expect(added).toMatchObject({ code: 0, stdout: 'created admin root\n' });

      const listed = await logtrack(['users', 'list', '--json', '--db', db]);
      expect(JSON.parse(listed.stdout)).toEqual([{ id: expect.any(Number), name: 'root', role: 'admin', createdAt: expect.any(Number) }]);

      const token = await logtrack(['users', 'token', 'root', '--name', 'grafana', '--db', db]);
      expect(token.code).toBe(0);
      expect(token.stdout).toMatch(/^lt_[\w-]{40,}\n$/);
      expect(await logtrack(['users', 'passwd', 'root', '--password-stdin', '--db', db], 'second password\r\n')).toMatchObject({ code: 0 });

      const store = await openStore(db);
      try {
        const root = (await store.getUserByName('root'))!;
        expect(await verifyPassword(root.passwordHash, 'second password')).toBe(true);
        const [stored] = await store.listApiTokens(root.id);
        expect(stored!.tokenHash).toBe(sha256(token.stdout.trim()));
      } finally {
        await store.close();
      }
    });

    it('refuses, with a reason and exit code 2: no terminal, the last admin', { timeout: 120_000 }, async () => {
      const db = await backend.freshLocation();
      const noTty = await logtrack(['users', 'add', 'root', '--role', 'admin', '--db', db]);
      expect(noTty.code).toBe(2);
      expect(noTty.stderr).toContain('no terminal to ask for the password: pipe it in with --password-stdin');
      await logtrack(['users', 'add', 'root', '--role', 'admin', '--password-stdin', '--db', db], 'long enough\n');
      const last = await logtrack(['users', 'delete', 'root', '--db', db]);
      expect(last.code).toBe(2);
      expect(last.stderr).toContain('root is the last admin');
    });
  });
}
