import { describe, expect, it } from 'vitest';
import { rawLinesFrom } from '../../test/fixtures/formats/load.js';
import { createRecordEnv } from './env.js';
import { createLineHeader, lineFormatSpec } from './line-decoder.js';

const env = createRecordEnv({ fileName: 'logs/HDFS_2k.log' }, 'unknown');

describe('lineFormatSpec', () => {
  it('resolves presets case-insensitively and keeps custom formats as given', () => {
    expect(lineFormatSpec({ preset: 'zookeeper' })).toMatchObject({ description: 'line (preset Zookeeper)', semantics: { roles: { Node: 'attr' } } });
    expect(lineFormatSpec({ lineFormat: '<Time> <Content>' })).toEqual({ description: 'line (<Time> <Content>)', lineFormat: '<Time> <Content>', semantics: undefined });
  });
});

describe('line header decoder', () => {
  const header = createLineHeader(lineFormatSpec({ preset: 'HDFS' }), env);
  const [good, badTime, other] = rawLinesFrom(['081109 203518 143 INFO dfs.DataNode: Receiving', '081109 256199 143 INFO dfs.DataNode: Receiving', '\tat x.y(Z.java:1)']);

  it('returns a record for a header line, with the file name as source', () => {
    expect(header.decode(good.text, good)).toMatchObject({ service: 'dfs.DataNode', source: { file: 'logs/HDFS_2k.log', line: 1, offset: 0 } });
  });

  it('returns a reason for a header with a bad field and null for any other line', () => {
    expect(header.decode(badTime.text, badTime)).toBe('invalid timestamp');
    expect(header.decode(other.text, other)).toBeNull();
  });

  it('falls back to the file name when the format names no service', () => {
    const custom = createLineHeader(lineFormatSpec({ lineFormat: '<Date> <Time> <Content>' }), env);
    expect(custom.decode('081109 203518 hello', good)).toMatchObject({ service: 'HDFS_2k', message: 'hello' });
  });
});
