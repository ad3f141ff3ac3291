/**
 * When the writer thread's connection checkpoints the WAL (copies its pages into the store file).
 *
 * SQLite checkpoints on the commit that finds the WAL over `wal_autocheckpoint` pages (default 1,000),
 * and each checkpoint syncs the WAL and the file to disk. A bulk ingest of 1,000,000 generic lines
 * (177 MB) did that about 40 times at 16 KiB pages, and the writer thread waited on those syncs: the
 * reader then waited on the writer (back-pressure, 0.5 s of a 3.6 s ingest). With synchronous = OFF
 * (no syncs, not an option: a power loss could corrupt the store) the same ingest ran at 300–307k
 * lines/s against 250–278k.
 *
 * Checkpointing every 64 or 256 MiB of WAL instead gained little (252–271k and 225–276k against
 * 217–270k in alternating runs): what costs is a checkpoint during the ingest at all. So the writer lets
 * the WAL grow to BULK_WAL_PAGES (1 GiB at 16 KiB pages) before a commit checkpoints, and checkpoints
 * (PASSIVE: it never waits for readers) once it has been idle for IDLE_CHECKPOINT_MS, so the store's own
 * connection does not inherit a large WAL (it would pay for the whole copy on its next write);
 * `journal_size_limit` shrinks the file back to 64 MiB once a checkpoint has emptied it. The price: 1,000,000 generic lines leave a 515 MB WAL beside a 177 MB store until that
 * checkpoint (or the close) copies it, and since commits do not sync the WAL (synchronous = NORMAL), a
 * power loss before it may take back more of the last commits than before (a process crash takes back
 * nothing; the checkpoint rows go back with their lines, so a re-run stores them once). Measured, 3
 * alternating runs: 290–310k lines/s against 217–270k.
 */
import type BetterSqlite3 from 'better-sqlite3';

export const BULK_WAL_PAGES = 65_536;
/** The WAL file's size once a checkpoint has emptied it. */
export const WAL_SIZE_LIMIT = 64 * 1024 * 1024;
export const IDLE_CHECKPOINT_MS = 250;

export interface WalPolicy {
  /** After each append: checkpoint once no other append follows within IDLE_CHECKPOINT_MS. */
  appended(): void;
  /** Before the connection closes (which checkpoints anyway). */
  stop(): void;
}

export function bulkWalPolicy(raw: BetterSqlite3.Database, idleMs = IDLE_CHECKPOINT_MS): WalPolicy {
  raw.pragma(`wal_autocheckpoint = ${BULK_WAL_PAGES}`);
  raw.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT}`);
  let timer: NodeJS.Timeout | null = null;
  return {
    appended() {
      if (timer) timer.refresh();
      else {
        timer = setTimeout(() => {
          timer = null;
          try {
            if (raw.open) raw.pragma('wal_checkpoint(PASSIVE)');
          } catch {
            // An opportunistic checkpoint that fails (an I/O error) leaves the WAL for the next one or the close.
          }
        }, idleMs);
        timer.unref();
      }
    },
    stop() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
