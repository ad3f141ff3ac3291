import { openStore } from './src/store/open.js';
import { buildApp } from './src/server/app.js';
const store = await openStore(process.argv[2]!);
const app = await buildApp({ store, webRoot: null });
const { issueToken } = await import('./src/server/auth/accounts.js');
const { addUser } = await import('./src/server/testing.js');
await addUser(store, 'q' + Date.now(), 'viewer').catch(() => {});
const u = (await store.listUsers()).at(-1)!;
const t = await issueToken(store, { userName: u.name, name: 'q' });
if (t.kind !== 'issued') throw 1;
const mid = Date.UTC(2026, 0, 5) + 25000 * 50;
for (const path of ['/api/v1/incidents?limit=50', '/api/v1/logs?service=db&level=ERROR&limit=100', `/api/v1/logs?service=api&since=${mid}&until=${mid + 600000}&limit=100`, '/api/v1/logs?template=3&limit=100', '/api/v1/logs?grep=refused&limit=100', '/healthz']) {
  const times: number[] = [];
  for (let i = 0; i < 20; i++) { const s = performance.now(); const r = await app.inject({ url: path, headers: { authorization: `Bearer ${t.token}` } }); times.push(performance.now() - s); if (r.statusCode !== 200) console.log(r.body); }
  times.sort((a, b) => a - b);
  console.log(path, 'median', times[10]!.toFixed(1), 'ms');
}
await app.close(); await store.close();
