import { describe, expect, it } from 'vitest';
import { decodeAll, readFixture, recordsOf, rejectsOf } from '../../test/fixtures/formats/load.js';
import { createDecoder } from './decoder.js';
import { findPreset, LOGHUB_PRESETS, PRESETS, PRESET_NAMES } from './presets.js';

const NOW = Date.UTC(2025, 10, 21);
const decode = (preset: string, fixture: string) => {
  const items = decodeAll(createDecoder({ format: 'line', preset, fileName: fixture, now: NOW }), readFixture(fixture));
  return { records: recordsOf(items), rejects: rejectsOf(items) };
};
const iso = (ms: number): string => new Date(ms).toISOString();

describe('presets', () => {
  it('HDFS: date+time, pid in attrs, component as service', () => {
    const { records, rejects } = decode('HDFS', 'hdfs.log');
    expect(rejects).toEqual([]);
    expect(records).toHaveLength(5);
    expect(records[0]).toMatchObject({ service: 'dfs.DataNode$DataXceiver', level: 'INFO', rawLevel: 'INFO', attrs: { Pid: '221' } });
    expect(iso(records[0].ts)).toBe('2008-11-10T09:15:02.000Z');
    expect(records[3]).toMatchObject({ level: 'WARN', message: '10.251.42.16:50010:Got exception while serving blk_-72103985520371 to /10.251.43.2:' });
  });

  it('BGL: epoch-seconds timestamp, node as host, alert label kept', () => {
    const { records, rejects } = decode('BGL', 'bgl.log');
    expect(rejects).toEqual([]);
    expect(records.map((r) => r.level)).toEqual(['INFO', 'INFO', 'FATAL', 'ERROR', 'WARN']);
    expect(records[2]).toMatchObject({ ts: 1_131_523_610_000, host: 'R17-M1-N4-C:J11-U11', service: 'KERNEL', message: 'data TLB error interrupt' });
    expect(records[2].attrs).toMatchObject({ Label: 'KERNDTLB', Type: 'RAS', Time: '2005-11-09-00.06.50.881720' });
    expect(records[0].attrs.Label).toBe('-');
  });

  it('Hadoop: thread in attrs, Java stack trace joined to its record', () => {
    const { records, rejects } = decode('Hadoop', 'hadoop.log');
    expect(rejects).toEqual([]);
    expect(records).toHaveLength(5);
    expect(records[0]).toMatchObject({ service: 'org.apache.hadoop.mapred.YarnChild', attrs: { Process: 'main' } });
    expect(iso(records[0].ts)).toBe('2015-10-19T14:21:32.117Z');
    const trace = records[2].message.split('\n');
    expect(trace).toHaveLength(5);
    expect(trace[1]).toMatch(/^java\.io\.IOException: Bad response/);
    expect(trace[2]).toMatch(/^\tat org\.apache/);
    expect(trace[3]).toMatch(/^Caused by:/);
  });

  it('Spark: yy/MM/dd dates', () => {
    const { records, rejects } = decode('Spark', 'spark.log');
    expect(rejects).toEqual([]);
    expect(iso(records[0].ts)).toBe('2017-06-10T09:12:03.000Z');
    expect(records[4]).toMatchObject({ level: 'ERROR', service: 'executor.Executor' });
  });

  it('Zookeeper: thread name and line id in attrs', () => {
    const { records, rejects } = decode('Zookeeper', 'zookeeper.log');
    expect(rejects).toEqual([]);
    expect(records[0]).toMatchObject({ service: 'QuorumPeerConfig', level: 'INFO', attrs: { Node: 'main', Id: '101' } });
    expect(records[0].host).toBeUndefined();
    expect(records[3].level).toBe('ERROR');
  });

  it('Linux: host from the field logparser calls Level, optional pid, level from the message, year guessed', () => {
    const { records, rejects } = decode('Linux', 'linux.log');
    expect(rejects).toEqual([]);
    expect(records[0]).toMatchObject({ host: 'combo', service: 'sshd(pam_unix)', level: 'ERROR', attrs: { PID: '8814' } });
    expect(records[0].rawLevel).toBeUndefined();
    expect(records[3]).toMatchObject({ service: 'kernel', attrs: {} });
    expect(iso(records[0].ts)).toBe('2025-07-03T04:02:11.000Z');
  });

  it('OpenSSH: sshd service, host from the log, failures as errors', () => {
    const { records, rejects } = decode('OpenSSH', 'openssh.log');
    expect(rejects).toEqual([]);
    expect(records[0]).toMatchObject({ service: 'sshd', host: 'LabSZ', attrs: { Pid: '30211' }, level: 'INFO' });
    expect(records[2].level).toBe('ERROR');
    expect(iso(records[0].ts)).toBe('2025-12-12T19:01:22.000Z');
  });

  it('Apache error log: ctime timestamps, bracketed level, httpd service', () => {
    const { records, rejects } = decode('Apache', 'apache-error.log');
    expect(rejects).toEqual([]);
    expect(records.map((r) => r.level)).toEqual(['INFO', 'INFO', 'ERROR', 'ERROR', 'WARN']);
    expect(records[0]).toMatchObject({ service: 'httpd', rawLevel: 'notice', message: 'jk2_init() Found child 2347 in scoreboard slot 7' });
    expect(iso(records[0].ts)).toBe('2005-12-05T07:57:02.000Z');
  });

  it('Android: one-letter levels, pid and tid, year guessed', () => {
    const { records, rejects } = decode('Android', 'android.log');
    expect(rejects).toEqual([]);
    expect(records.map((r) => r.level)).toEqual(['INFO', 'DEBUG', 'WARN', 'ERROR', 'TRACE']);
    expect(records[0]).toMatchObject({ service: 'ActivityManager', attrs: { Pid: '1702', Tid: '2113' } });
    expect(iso(records[0].ts)).toBe('2025-03-18T09:41:07.122Z');
  });

  it('HealthApp: unpadded times with millisecond counters, level from the message', () => {
    const { records, rejects } = decode('HealthApp', 'healthapp.log');
    expect(rejects).toEqual([]);
    expect(records.map((r) => iso(r.ts))).toEqual([
      '2017-12-24T08:03:11.207Z', '2017-12-24T08:03:11.215Z', '2017-12-24T08:03:12.009Z', '2017-12-24T08:03:40.061Z', '2017-12-24T08:04:00.118Z',
    ]);
    expect(records[0]).toMatchObject({ service: 'Step_LSC', attrs: { Pid: '30002312' } });
    expect(records[4].level).toBe('ERROR');
  });

  it('generic: ISO time, level word, service, key=value pairs', () => {
    const { records, rejects } = decode('generic', 'generic.log');
    expect(rejects).toEqual([]);
    expect(records[0]).toMatchObject({ service: 'auth', level: 'ERROR', user: 'alice', message: 'user=alice Login failed reason="bad password"', attrs: { user: 'alice', reason: 'bad password' } });
    expect(iso(records[2].ts)).toBe('2024-01-15T10:24:02.311Z');
    expect(iso(records[3].ts)).toBe('2024-01-15T09:24:05.000Z');
    expect(records[4].level).toBe('FATAL');
  });

  it('generic refuses lines whose second word is not a level', () => {
    const items = decodeAll(createDecoder({ format: 'line', preset: 'generic' }), readFixture('syslog-3164.log'));
    expect(recordsOf(items)).toEqual([]);
  });
});

describe('preset lookup', () => {
  it('finds presets case-insensitively', () => {
    expect(findPreset('hdfs')?.name).toBe('HDFS');
    expect(findPreset('OPENSSH')?.name).toBe('OpenSSH');
    expect(findPreset('nope')).toBeUndefined();
  });

  it('maps every Loghub dataset to an existing preset whose format names the structured CSV columns', () => {
    expect(Object.keys(LOGHUB_PRESETS).sort()).toEqual(['Android', 'Apache', 'BGL', 'HDFS', 'Hadoop', 'HealthApp', 'Linux', 'OpenSSH', 'Spark', 'Zookeeper']);
    for (const preset of Object.values(LOGHUB_PRESETS)) {
      expect(PRESET_NAMES).toContain(preset);
      expect(PRESETS[preset].lineFormat).toContain('<Content>');
    }
  });
});
