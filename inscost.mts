import { openStore } from './src/store/open.js';
import { seedApiBench } from './bench/api.js';
import Database from 'better-sqlite3';
for (const withIdx of [false, true, false, true]) {
  const path = `/tmp/apib/ins-${withIdx}.db`;
  for (const s of ['', '-wal', '-shm']) { try { (await import('node:fs')).rmSync(path + s); } catch {} }
  (await openStore(path)).close();
  if (withIdx) { const d = new Database(path); d.exec('create index logs_service_level_id on logs(service, level, id); create index logs_template_id on logs(template_id, id); create index logs_user_id on logs(user_name, id);'); d.close(); }
  const store = await openStore(path);
  const t = performance.now();
  await seedApiBench(store, 300000);
  console.log(withIdx ? 'with extra indexes' : 'without', ((performance.now() - t) / 1000).toFixed(2), 's for 300k');
  await store.close();
}
