import type { Level } from '../domain/level.js';

/**
 * The level of a line whose format has no level field (HealthApp, Linux, OpenSSH, syslog without a priority),
 * guessed from its words, most severe first:
 *   FATAL  fatal, panic, emerg(ency), crit(ical)
 *   ERROR  error(s), err, fail(s), failed, failure(s), failing, exception
 *   WARN   warn, warning(s)
 *   INFO   anything else
 * Matching is case-insensitive and on whole words ("errorCount" and "prefail" do not count).
 */
const FATAL = /\b(?:fatal|panic|emerg(?:ency)?|crit(?:ical)?)\b/i;
const ERROR = /\b(?:errors?|err|fail(?:ed|ures?|ing|s)?|exception)\b/i;
const ANY = /\b(?:fatal|panic|emerg|emergency|crit|critical|errors?|err|fail(?:ed|ures?|ing|s)?|exception|warn(?:ings?)?)\b/i;

export function levelFromContent(message: string): Level {
  if (!ANY.test(message)) return 'INFO';
  if (FATAL.test(message)) return 'FATAL';
  return ERROR.test(message) ? 'ERROR' : 'WARN';
}
