import { describe, expect, it } from 'vitest';
import { isFormatName, serviceFromFileName } from './format.js';

describe('serviceFromFileName', () => {
  it.each([
    ['HDFS_2k.log', 'HDFS_2k'],
    ['/var/log/nginx/access.log.1.gz', 'access'],
    ['C:\\logs\\app.2024-01-15.log', 'app'],
    ['.hidden.log', '.hidden'],
    ['plain', 'plain'],
  ])('%s → %s', (file, service) => {
    expect(serviceFromFileName(file)).toBe(service);
  });

  it('gives nothing for stdin or no name', () => {
    expect(serviceFromFileName('-')).toBeUndefined();
    expect(serviceFromFileName(undefined)).toBeUndefined();
    expect(serviceFromFileName('')).toBeUndefined();
  });
});

describe('isFormatName', () => {
  it('accepts the six formats only', () => {
    expect(['line', 'clf', 'syslog', 'json', 'cloudtrail', 'loghub-csv'].every(isFormatName)).toBe(true);
    expect(isFormatName('auto')).toBe(false);
    expect(isFormatName('JSON')).toBe(false);
  });
});
