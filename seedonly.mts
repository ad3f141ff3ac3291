import { openStore } from './src/store/open.js';
import { seedApiBench } from './bench/api.js';
const store = await openStore(process.argv[2]!);
const t = performance.now();
await seedApiBench(store, Number(process.argv[3]));
console.log('seeded in', ((performance.now() - t) / 1000).toFixed(1), 's');
await store.close();
