import type { FieldSemantics } from './fields.js';

/**
 * Line-format presets. The Loghub ones use logparser's published `log_format` strings, whose field names are
 * the columns of Loghub's `*_structured.csv` files; `roles` fixes the fields logparser named loosely.
 *
 * Presets without a level field (HealthApp, Linux, OpenSSH) take the level from the words of the message
 * (see content-level.ts). Year-less timestamps (Android, Linux, OpenSSH) get the year that puts them at most
 * a month after "now".
 */
export interface Preset extends FieldSemantics {
  readonly lineFormat: string;
  readonly description: string;
  /** Regexes for individual fields (non-capturing groups only), where the default would match too much. */
  readonly fieldPatterns?: Readonly<Record<string, string>>;
  /** Tried after the other presets by auto-detection: it matches many logs loosely. */
  readonly fallback?: boolean;
}

const LEVEL_WORDS = ['TRACE', 'DEBUG', 'INFO', 'NOTICE', 'WARN', 'WARNING', 'ERROR', 'ERR', 'SEVERE', 'FATAL', 'CRITICAL', 'CRIT', 'ALERT', 'EMERG', 'PANIC'];
const LEVEL_PATTERN = `(?:${LEVEL_WORDS.flatMap((w) => [w, w.toLowerCase(), w[0] + w.slice(1).toLowerCase()]).join('|')})`;
const ISO_OR_EPOCH = String.raw`(?:\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d(?:[.,]\d+)?)?(?:Z|[+-]\d\d:?\d\d)?|\d{10}(?:\.\d+)?|\d{13})`;

/** Shapes of date and time fields: they keep each preset to its own logs (e.g. Android vs HDFS). */
const YMD = String.raw`\d{4}-\d\d-\d\d`;
const CLOCK = String.raw`\d\d:\d\d:\d\d(?:[.,]\d+)?`;
const MONTH = String.raw`[A-Z][a-z]{2}`;
const DAY = String.raw`\d{1,2}`;

export const PRESETS = {
  HDFS: {
    lineFormat: '<Date> <Time> <Pid> <Level> <Component>: <Content>',
    description: 'Hadoop HDFS (Loghub HDFS): 081109 203518 143 INFO dfs.DataNode: ...',
    fieldPatterns: { Date: String.raw`\d{6}`, Time: String.raw`\d{6}` },
  },
  Hadoop: {
    lineFormat: String.raw`<Date> <Time> <Level> \[<Process>\] <Component>: <Content>`,
    description: 'Hadoop MapReduce / YARN log4j (Loghub Hadoop): 2015-10-18 18:01:47,978 INFO [main] org.apache...: ...',
    fieldPatterns: { Date: YMD, Time: CLOCK },
  },
  Spark: {
    lineFormat: '<Date> <Time> <Level> <Component>: <Content>',
    description: 'Apache Spark log4j (Loghub Spark): 17/06/09 20:10:40 INFO spark.SecurityManager: ...',
    fieldPatterns: { Date: String.raw`\d\d/\d\d/\d\d`, Time: CLOCK },
  },
  Zookeeper: {
    lineFormat: String.raw`<Date> <Time> - <Level>  \[<Node>:<Component>@<Id>\] - <Content>`,
    description: 'Apache ZooKeeper (Loghub Zookeeper): 2015-07-29 17:41:44,747 - INFO  [thread:Class@774] - ...',
    roles: { Node: 'attr' },
    fieldPatterns: { Date: YMD, Time: CLOCK },
  },
  BGL: {
    lineFormat: '<Label> <Timestamp> <Date> <Node> <Time> <NodeRepeat> <Type> <Component> <Level> <Content>',
    description: 'Blue Gene/L RAS log (Loghub BGL); the timestamp is the epoch-seconds field, Label keeps the alert tag',
    timestamp: ['Timestamp'],
    fieldPatterns: { Timestamp: String.raw`\d+`, Date: String.raw`\d{4}\.\d\d\.\d\d`, Time: String.raw`\d{4}-\d\d-\d\d-\d\d\.\d\d\.\d\d\.\d+` },
  },
  Linux: {
    lineFormat: String.raw`<Month> <Date> <Time> <Level> <Component>(\[<PID>\])?: <Content>`,
    description: 'Linux syslog file (Loghub Linux): Jun 14 15:16:01 combo sshd(pam_unix)[19939]: ...; level from the message',
    roles: { Level: 'host' },
    // Component stops at '[' or ':' so that the optional [PID] group cannot make matching quadratic.
    fieldPatterns: { Month: MONTH, Date: DAY, Time: CLOCK, Component: String.raw`[^\[:]*` },
  },
  Android: {
    lineFormat: '<Date> <Time>  <Pid>  <Tid> <Level> <Component>: <Content>',
    description: 'Android logcat threadtime (Loghub Android): 03-17 16:13:38.811  1702  2395 D WindowManager: ...',
    fieldPatterns: { Date: String.raw`\d\d-\d\d`, Time: CLOCK },
  },
  HealthApp: {
    lineFormat: String.raw`<Time>\|<Component>\|<Pid>\|<Content>`,
    description: 'HealthApp (Loghub HealthApp): 20171223-22:15:29:606|Step_LSC|30002312|...; level from the message',
    fieldPatterns: { Time: String.raw`\d{8}-\d{1,2}:\d{1,2}:\d{1,2}:\d{1,3}` },
  },
  Apache: {
    lineFormat: String.raw`\[<Time>\] \[<Level>\] <Content>`,
    description: 'Apache httpd error log (Loghub Apache): [Sun Dec 04 04:47:44 2005] [error] ...',
    service: 'httpd',
    fieldPatterns: { Time: `${MONTH} ${MONTH} +${DAY} ${CLOCK} \\d{4}` },
  },
  OpenSSH: {
    lineFormat: String.raw`<Date> <Day> <Time> <Component> sshd\[<Pid>\]: <Content>`,
    description: 'OpenSSH server syslog (Loghub OpenSSH): Dec 10 06:55:46 LabSZ sshd[24200]: ...; level from the message',
    roles: { Component: 'host' },
    service: 'sshd',
    fieldPatterns: { Date: MONTH, Day: DAY, Time: CLOCK },
  },
  generic: {
    lineFormat: '<Timestamp> <Level> <Service> <Content>',
    description: 'ISO or epoch time, level word, service, message: 2024-01-15T10:23:45Z ERROR auth user=alice Login failed',
    fieldPatterns: { Timestamp: ISO_OR_EPOCH, Level: LEVEL_PATTERN },
    keyValues: true,
    fallback: true,
  },
} as const satisfies Record<string, Preset>;

export type PresetName = keyof typeof PRESETS;

export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];

/** Loghub dataset name → the preset that decodes its `<Name>_2k.log`. */
export const LOGHUB_PRESETS: Readonly<Record<string, PresetName>> = {
  Android: 'Android',
  Apache: 'Apache',
  BGL: 'BGL',
  Hadoop: 'Hadoop',
  HDFS: 'HDFS',
  HealthApp: 'HealthApp',
  Linux: 'Linux',
  OpenSSH: 'OpenSSH',
  Spark: 'Spark',
  Zookeeper: 'Zookeeper',
};

/** Case-insensitive preset lookup. */
export function findPreset(name: string): { name: PresetName; preset: Preset } | undefined {
  const wanted = name.toLowerCase();
  const found = PRESET_NAMES.find((n) => n.toLowerCase() === wanted);
  return found && { name: found, preset: PRESETS[found] };
}
