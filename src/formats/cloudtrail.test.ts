import { describe, expect, it } from 'vitest';
import { decodeAll, rawLinesFrom, readFixture, recordsOf, rejectsOf } from '../../test/fixtures/formats/load.js';
import { createDecoder } from './decoder.js';

const decode = (fixture: string) => decodeAll(createDecoder({ format: 'cloudtrail', fileName: fixture }), readFixture(fixture));

describe('cloudtrail', () => {
  it('maps a failed console login', () => {
    const [login] = recordsOf(decode('cloudtrail-pretty.json'));
    expect(login).toMatchObject({
      ts: Date.UTC(2024, 3, 2, 7, 15, 31), service: 'signin.amazonaws.com', user: 'carol', level: 'ERROR',
      message: 'ConsoleLogin Failure: Failed authentication',
      attrs: { sourceIPAddress: '198.51.100.77', consoleLogin: 'Failure', mfaUsed: 'No', awsRegion: 'us-east-1', eventType: 'AwsConsoleSignIn', userIdentityType: 'IAMUser', accountId: '111122223333' },
    });
    expect(login.attrs.requestParameters).toBeUndefined();
  });

  it('maps API errors and successful calls, falling back to the ARN as user', () => {
    const [, denied, created] = recordsOf(decode('cloudtrail-pretty.json'));
    expect(denied).toMatchObject({
      service: 's3.amazonaws.com', level: 'ERROR', message: 'PutBucketPolicy AccessDenied: Access Denied', user: 'arn:aws:sts::111122223333:assumed-role/ci/build',
      attrs: { errorCode: 'AccessDenied', requestParameters: { bucketName: 'reports-prod' }, readOnly: false },
    });
    expect(created).toMatchObject({ level: 'INFO', message: 'CreateAccessKey', user: 'arn:aws:iam::111122223333:root' });
  });

  it('gives the same records for one-line, pretty and NDJSON documents, apart from positions', () => {
    const strip = (fixture: string) => recordsOf(decode(fixture)).map(({ source: _source, ...rest }) => rest);
    expect(strip('cloudtrail-oneline.json')).toEqual(strip('cloudtrail-pretty.json'));
    expect(strip('cloudtrail-events.ndjson')).toEqual(strip('cloudtrail-pretty.json'));
  });

  it('points each record at the line where its event starts', () => {
    expect(recordsOf(decode('cloudtrail-pretty.json')).map((r) => r.source.line)).toEqual([3, 26, 44]);
  });

  it('rejects JSON that is not a CloudTrail event', () => {
    const items = decodeAll(createDecoder({ format: 'cloudtrail' }), rawLinesFrom(['{"message":"hello","ts":1}', '{"eventName":"X","eventSource":"s","eventTime":"soon"}']));
    expect(rejectsOf(items).map((r) => r.reason)).toEqual(['not a CloudTrail event', 'invalid timestamp']);
  });
});
