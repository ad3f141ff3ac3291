import { createRequire } from 'node:module';
import { openStore } from './src/store/open.js';
import { buildApp } from './src/server/app.js';
import { issueToken } from './src/server/auth/accounts.js';
import { addUser, signIn } from './src/server/testing.js';
const autocannon = createRequire(import.meta.url)('autocannon');
const store = await openStore(process.argv[2]!);
const app = await buildApp({ store, webRoot: null });
const name = 'q' + Date.now();
await addUser(store, name, 'viewer');
const t = await issueToken(store, { userName: name, name: 'q' });
if (t.kind !== 'issued') throw 1;
const s = await signIn(app, name);
const base = await app.listen({ host: '127.0.0.1', port: 0 });
for (const [label, headers] of [['bearer', { authorization: `Bearer ${t.token}` }], ['cookie', { cookie: s.cookie }]] as const) {
  for (const path of ['/api/v1/incidents?limit=50', '/healthz']) {
    const r = await autocannon({ url: base + path, connections: 10, duration: 5, headers });
    console.log(label, path, 'p50', r.latency.p50, 'p99', r.latency.p99, 'rps', Math.round(r.requests.average), 'non2xx', r.non2xx);
  }
}
await app.close(); await store.close();
