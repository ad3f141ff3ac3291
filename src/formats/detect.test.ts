import { describe, expect, it } from 'vitest';
import { sampleOf } from '../../test/fixtures/formats/load.js';
import { detectFormat } from './detect.js';

describe('detectFormat', () => {
  it.each([
    ['hdfs.log', 'line', 'HDFS'],
    ['bgl.log', 'line', 'BGL'],
    ['hadoop.log', 'line', 'Hadoop'],
    ['spark.log', 'line', 'Spark'],
    ['zookeeper.log', 'line', 'Zookeeper'],
    ['linux.log', 'line', 'Linux'],
    ['openssh.log', 'line', 'OpenSSH'],
    ['apache-error.log', 'line', 'Apache'],
    ['android.log', 'line', 'Android'],
    ['healthapp.log', 'line', 'HealthApp'],
    ['generic.log', 'line', 'generic'],
    ['ansi.log', 'line', 'generic'],
    ['invalid-utf8.log', 'line', 'HDFS'],
    ['access-common.log', 'clf', undefined],
    ['access-combined.log', 'clf', undefined],
    ['syslog-3164.log', 'syslog', undefined],
    ['syslog-5424.log', 'syslog', undefined],
    ['app.ndjson', 'json', undefined],
    ['pretty.json', 'json', undefined],
    ['array.json', 'json', undefined],
    ['cloudtrail-oneline.json', 'cloudtrail', undefined],
    ['cloudtrail-pretty.json', 'cloudtrail', undefined],
    ['cloudtrail-events.ndjson', 'cloudtrail', undefined],
    ['loghub-structured.csv', 'loghub-csv', undefined],
    ['custom-structured.csv', 'loghub-csv', undefined],
  ])('%s → %s %s', (fixture, format, preset) => {
    const detection = detectFormat(sampleOf(fixture), { fileName: fixture });
    expect(detection).toMatchObject({ kind: 'detected', format });
    expect(detection.kind === 'detected' && detection.preset).toBe(preset ?? undefined);
  });

  it('recognises a pretty CloudTrail document whose first event does not end within the sample', () => {
    expect(detectFormat(sampleOf('cloudtrail-pretty.json', 12))).toMatchObject({ kind: 'detected', format: 'cloudtrail' });
  });

  it('does not count stack-trace lines against a format', () => {
    const sample = sampleOf('hadoop.log').slice(2, 8);
    expect(detectFormat(sample)).toMatchObject({ kind: 'detected', preset: 'Hadoop' });
  });

  it('describes what it found', () => {
    expect(detectFormat(sampleOf('hdfs.log'))).toMatchObject({ description: 'line (preset HDFS)' });
    expect(detectFormat(sampleOf('access-common.log'))).toMatchObject({ description: 'clf (common/combined)' });
  });

  it('gives up on prose, binary data and empty input with one sentence naming the options', () => {
    for (const fixture of ['prose.txt', 'binary.bin']) {
      const detection = detectFormat(sampleOf(fixture), { fileName: fixture });
      expect(detection.kind).toBe('unknown');
      if (detection.kind !== 'unknown') continue;
      expect(detection.message).toMatch(new RegExp(`^could not recognise the log format of ${fixture.replace('.', '\\.')}`));
      expect(detection.message).toContain('--format (line, clf, syslog, json, cloudtrail, loghub-csv)');
      expect(detection.message).toContain('--preset (HDFS');
      expect(detection.message).toContain('--line-format');
      expect(detection.message.split('. ')).toHaveLength(1);
    }
    expect(detectFormat(['', '  '])).toMatchObject({ kind: 'unknown', message: expect.stringContaining('the sample has no text') });
  });

  it('names the closest candidate when some lines matched', () => {
    const sample = [...sampleOf('hdfs.log').slice(0, 2), ...sampleOf('prose.txt')];
    expect(detectFormat(sample)).toMatchObject({ kind: 'unknown', message: expect.stringContaining('closest: line (preset HDFS), 33%') });
  });

  it('does not sniff when the options already name the format', () => {
    expect(detectFormat(sampleOf('prose.txt'), { preset: 'spark' })).toMatchObject({ kind: 'detected', format: 'line', preset: 'Spark', description: 'line (preset Spark)' });
    expect(detectFormat(sampleOf('prose.txt'), { format: 'json' })).toMatchObject({ kind: 'detected', format: 'json', description: 'json' });
    expect(detectFormat(sampleOf('prose.txt'), { lineFormat: '<Time> <Content>' })).toMatchObject({ format: 'line', lineFormat: '<Time> <Content>' });
    expect(detectFormat([], { preset: 'nope' })).toMatchObject({ kind: 'unknown', message: expect.stringContaining("unknown preset 'nope'") });
  });
});
