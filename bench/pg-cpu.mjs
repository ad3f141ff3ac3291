// CPU seconds of the local PostgreSQL server's processes, from /proc (Linux). Plain JS, so both the
// benchmarks (under tsx) and bench/built.mjs (plain node) use it.
import { readdirSync, readFileSync } from 'node:fs';

/** utime + stime of every running `postgres` process, by pid; empty where /proc is unreadable. */
export function postgresCpu() {
  const out = new Map();
  let pids = [];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return out;
  }
  const ticks = 100; // USER_HZ: the unit of /proc/<pid>/stat times on Linux
  for (const pid of pids) {
    try {
      if (!readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('postgres')) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(pid), (Number(fields[11]) + Number(fields[12])) / ticks);
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

/**
 * Server CPU seconds since `before` (processes started since count from zero). Sample before the
 * connections that did the work close: a backend's time goes with its process.
 */
export function postgresCpuSince(before) {
  let total = 0;
  for (const [pid, seconds] of postgresCpu()) total += seconds - (before.get(pid) ?? 0);
  return total;
}
