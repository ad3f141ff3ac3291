// Runs one timed job on the shipped build (dist/, plain node, no tsx), as `logtrack` runs it, and
// prints one JSON line: the job's result plus wall seconds, CPU seconds (every thread of this
// process) and peak RSS. Benchmarks call it through `runBuilt` (bench/util.ts) after `npm run build`:
// under tsx every module and worker thread is compiled as it loads (about 1.2 s of CPU per thread),
// which no user pays.
//
//   node bench/built.mjs ingest '{"db": "x.db", "inputs": ["a.log"]}'
//   node bench/built.mjs scan '{"model": "model/", "inputs": ["today/"]}'
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { postgresCpu, postgresCpuSince } from './pg-cpu.mjs';

const dist = new URL('../dist/', import.meta.url);
if (!existsSync(new URL('cli/bin.js', dist))) {
  process.stderr.write('bench: dist/ is missing; run `npm run build` first.\n');
  process.exit(2);
}
const load = (path) => import(new URL(path, dist).href);

const JOBS = {
  async ingest({ db, inputs, batchLines }) {
    const [{ openStore }, { ingest }, { resolveInputs }] = await Promise.all([load('store/open.js'), load('pipeline/ingest.js'), load('sources/inputs.js')]);
    const store = await openStore(db);
    const resolved = await resolveInputs(inputs);
    // On PostgreSQL, the server's CPU too, sampled before close() ends the backends that did the work.
    const server = store.backend === 'postgres' ? postgresCpu() : null;
    return timed(async () => {
      try {
        const s = await ingest(store, resolved, { batchLines });
        const serverCpuSeconds = server && server.size ? postgresCpuSince(server) : null;
        return { linesRead: s.linesRead, recordsStored: s.recordsStored, linesPerSec: s.linesPerSec, serverCpuSeconds };
      } finally {
        await store.close();
      }
    });
  },
  async scan({ model, inputs }) {
    const [{ loadModel }, { scan }, { resolveInputs }] = await Promise.all([load('detect/ml/model.js'), load('pipeline/scan.js'), load('sources/inputs.js')]);
    const resolved = await resolveInputs(inputs);
    return timed(async () => {
      const loaded = await loadModel(model);
      if (!loaded.ok) throw new Error(loaded.reason);
      const result = await scan(loaded.model, resolved);
      return { linesRead: result.ingest.linesRead, anomalies: result.anomalies.length };
    });
  },
};

/** CPU seconds of each live thread of this process by thread id ('main' for the main thread), from /proc (Linux; empty elsewhere). */
function threadCpu() {
  try {
    const out = {};
    for (const tid of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const seconds = (Number(fields[11]) + Number(fields[12])) / 100;
      if (seconds > 0) out[Number(tid) === process.pid ? 'main' : tid] = seconds;
    }
    return out;
  } catch {
    return {};
  }
}

async function timed(fn) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  // Threads that end before the job does (a worker) leave /proc: keep each one's latest reading.
  const threads = {};
  const sample = () => Object.assign(threads, threadCpu());
  const sampler = setInterval(sample, 100);
  const result = await fn().finally(() => clearInterval(sampler));
  sample();
  const cpu = process.cpuUsage(cpu0);
  return { ...result, wallSeconds: (performance.now() - t0) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), threads };
}

const [job, args] = process.argv.slice(2);
if (!JOBS[job]) {
  process.stderr.write(`bench: unknown job '${job}' (one of ${Object.keys(JOBS).join(', ')}).\n`);
  process.exit(2);
}
process.stdout.write(`${JSON.stringify(await JOBS[job](JSON.parse(args ?? '{}')))}\n`);
