/**
 * The dashboard in a real browser (Debian's chromium through playwright-core) against the real
 * server on a seeded SQLite store: sign in, the overview chart, an incident's evidence, creating
 * a rule as admin, being refused as viewer. Screenshots land in test-output/ for a human to look at.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { addUser, PASSWORD, seedDemo, type Seeded } from '../../src/server/testing.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const WEB_DIST = join(ROOT, 'web', 'dist');
const SHOTS = join(ROOT, 'test-output');
const CHROMIUM = process.env.LOGTRACK_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic',
];

describe('dashboard in a browser', () => {
  let dir: string;
  let store: Store;
  let app: FastifyInstance;
  let base: string;
  let browser: Browser;
  let seeded: Seeded;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium) or set LOGTRACK_CHROMIUM`);
    if (!existsSync(join(WEB_DIST, 'index.html'))) {
      execFileSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'error'], { cwd: ROOT, stdio: 'inherit' });
    }
    mkdirSync(SHOTS, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'logtrack-e2e-'));
    store = await openStore(join(dir, 'e2e.db'));
    seeded = await seedDemo(store, { records: 600 });
    await addUser(store, 'ada', 'admin');
    await addUser(store, 'vic', 'viewer');
    app = await buildApp({ store, webRoot: WEB_DIST });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function signedIn(username: string, viewport = { width: 1280, height: 860 }): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    // HTTP errors the tests provoke (401 before sign-in, 400, 403) are logged as "Failed to load resource"; anything else counts.
    page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && consoleErrors.push(`${username}: ${m.text()}`));
    page.on('pageerror', (e) => consoleErrors.push(`${username}: ${e.message}`));
    await page.goto(base);
    await page.getByLabel('User name').fill(username);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    return { context, page };
  }

  it('refuses a wrong password on the login page', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(base);
    await page.getByLabel('User name').fill('ada');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('wrong user name or password');
    await page.screenshot({ path: join(SHOTS, 'login-error.png') });
    await context.close();
  });

  it('signs in and draws the volume chart with open incidents and newest templates', async () => {
    const { context, page } = await signedIn('ada');
    const canvas = page.locator('.chart canvas').first();
    await canvas.waitFor();
    expect((await canvas.boundingBox())!.width).toBeGreaterThan(600);
    await expect.poll(() => page.locator('.u-legend .u-series th').allTextContents()).toEqual(['Time (UTC)', 'api', 'auth', 'db']);
    await expect.poll(() => page.getByRole('link', { name: 'Failed logins for root on auth' }).count()).toBe(1);
    await page.screenshot({ path: join(SHOTS, 'overview.png'), fullPage: true });
    await context.close();
  });

  it('opens an incident and shows its evidence lines with parameters highlighted', async () => {
    const { context, page } = await signedIn('ada');
    await page.getByRole('link', { name: 'Failed logins for root on auth' }).click();
    await page.getByRole('heading', { name: 'Evidence' }).waitFor();
    const lines = page.locator('tr.evidence');
    await expect.poll(() => lines.count()).toBe(seeded.evidenceIds.length);
    expect(await lines.first().locator('.msg').textContent()).toMatch(/^Failed password for (root|alice) from 10\.0\.0\.\d port \d+$/);
    expect(await lines.first().locator('mark.param').allTextContents()).toHaveLength(3);
    await expect.poll(() => page.getByText('rule ssh-bruteforce: 12 failures ≥ threshold 5').count()).toBe(1);
    await page.screenshot({ path: join(SHOTS, 'incident.png'), fullPage: true });

    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(async () => (await store.getIncident(seeded.incidentId))?.status).toBe('acked');
    await context.close();
  });

  it('lets an admin create a rule, showing validation messages at the field', async () => {
    const { context, page } = await signedIn('ada');
    await page.getByRole('link', { name: 'Rules' }).click();
    await page.getByRole('link', { name: 'New rule' }).click();
    await page.getByLabel('Name').fill('disk-full');
    await page.getByLabel('Type').selectOption('keyword');
    const params = page.getByLabel('Parameters (JSON)');
    await expect.poll(() => params.inputValue()).toContain('"threshold": 1');
    await params.fill('{ "pattern": "No space left", "threshold": "five" }');
    await page.getByRole('button', { name: 'Create rule' }).click();
    const fieldError = page.locator('.field.has-error .field-error');
    await expect.poll(() => fieldError.textContent()).toContain('threshold must be a positive integer');
    await page.screenshot({ path: join(SHOTS, 'rule-validation.png'), fullPage: true });

    await params.fill('{ "pattern": "No space left", "threshold": 3 }');
    await page.getByLabel('Severity').selectOption('HIGH');
    await page.getByRole('button', { name: 'Create rule' }).click();
    await page.getByRole('link', { name: 'disk-full' }).waitFor();
    expect(await store.getRule('disk-full')).toMatchObject({ type: 'keyword', severity: 'HIGH', params: { pattern: 'No space left', threshold: 3 } });
    await page.screenshot({ path: join(SHOTS, 'rules.png'), fullPage: true });

    await page.getByRole('link', { name: 'Users' }).click();
    await expect.poll(() => page.getByLabel('Role of vic').inputValue()).toBe('viewer');
    await page.screenshot({ path: join(SHOTS, 'users.png'), fullPage: true });
    await context.close();
  });

  it('refuses a viewer: no rule editing in the page, and 403 from the server', async () => {
    const { context, page } = await signedIn('vic');
    await page.getByRole('link', { name: 'Rules' }).click();
    await page.getByText('only admins can create or change them').waitFor();
    expect(await page.getByRole('link', { name: 'New rule' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Users' }).count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'viewer-rules.png'), fullPage: true });

    const status = await page.evaluate(async () => {
      const me = (await (await fetch('/api/v1/auth/me')).json()) as { csrf: string };
      const res = await fetch('/api/v1/rules', {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrf },
        body: JSON.stringify({ name: 'sneaky', type: 'keyword', params: { pattern: 'x' } }),
      });
      return res.status;
    });
    expect(status).toBe(403);
    expect(await store.getRule('sneaky')).toBeNull();
    await page.goto(`${base}/#/rules/new`);
    await page.getByText('Only admins can create or change rules').waitFor();
    await context.close();
  });

  it('explores logs by text and template, and lists templates with sparklines', async () => {
    const { context, page } = await signedIn('vic', { width: 1024, height: 700 });
    await page.getByRole('link', { name: 'Logs' }).click();
    await page.getByLabel('Text').fill('refused');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.locator('table.logs tbody tr').count()).toBe(100);
    expect(new Set(await page.locator('table.logs .msg').allTextContents())).toEqual(new Set(['Connection refused to 10.1.2.3:5432']));
    await page.screenshot({ path: join(SHOTS, 'logs-laptop.png') });

    await page.getByRole('link', { name: 'Templates' }).click();
    await expect.poll(() => page.locator('svg.spark').count()).toBe(3);
    await page.screenshot({ path: join(SHOTS, 'templates.png'), fullPage: true });
    await context.close();
  });

  it('logged no browser errors (CSP violations included)', () => {
    expect(consoleErrors).toEqual([]);
  });
});
