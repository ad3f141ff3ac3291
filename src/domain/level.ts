/** Normalised severity levels, ordered from least to most severe. */
export const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;
export type Level = (typeof LEVELS)[number];

const LEVEL_RANK: Record<Level, number> = { TRACE: 0, DEBUG: 1, INFO: 2, WARN: 3, ERROR: 4, FATAL: 5 };

const ALIASES: Record<string, Level> = {
  TRACE: 'TRACE', FINEST: 'TRACE', FINER: 'TRACE', VERBOSE: 'TRACE', V: 'TRACE',
  DEBUG: 'DEBUG', DBG: 'DEBUG', FINE: 'DEBUG', D: 'DEBUG',
  INFO: 'INFO', INFORMATION: 'INFO', NOTICE: 'INFO', I: 'INFO', LOG: 'INFO', CONFIG: 'INFO',
  WARN: 'WARN', WARNING: 'WARN', W: 'WARN',
  ERROR: 'ERROR', ERR: 'ERROR', E: 'ERROR', SEVERE: 'ERROR', FAILURE: 'ERROR', FAILED: 'ERROR',
  FATAL: 'FATAL', CRITICAL: 'FATAL', CRIT: 'FATAL', ALERT: 'FATAL', EMERG: 'FATAL', EMERGENCY: 'FATAL', PANIC: 'FATAL', F: 'FATAL', A: 'FATAL',
};

/** Map a raw level word ("warning", "E", "crit") to a normalised Level; unknown words give `fallback`. */
export function normalizeLevel(raw: string | undefined | null, fallback: Level = 'INFO'): Level {
  if (!raw) return fallback;
  return ALIASES[raw.trim().toUpperCase()] ?? fallback;
}

export function levelRank(level: Level): number {
  return LEVEL_RANK[level];
}

/** True for ERROR and FATAL. */
export function isErrorLevel(level: Level): boolean {
  return LEVEL_RANK[level] >= LEVEL_RANK.ERROR;
}

export function isLevel(value: string): value is Level {
  return (LEVELS as readonly string[]).includes(value);
}
