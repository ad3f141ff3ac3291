/** Small coloured labels: severity, level, status. Colour is never the only signal: the word is shown. */
import type { Level, Severity } from '../../../src/domain/index.js';

export function SeverityBadge({ severity }: { severity: Severity }) {
  return <span className={`badge sev-${severity.toLowerCase()}`}>{severity}</span>;
}

export function LevelBadge({ level }: { level: Level }) {
  return <span className={`level level-${level.toLowerCase()}`}>{level}</span>;
}

export function StatusBadge({ status }: { status: 'open' | 'acked' | 'resolved' }) {
  return <span className={`status status-${status}`}>{status}</span>;
}
