import { makeRecord, type LogRecord, type SourcePos } from '../domain/log-record.js';
import type { RecordEnv } from './fields.js';
import type { RejectReason } from './format.js';
import { isJsonObject } from './json-mapping.js';
import { parseTimestamp } from './timestamp.js';

/**
 * AWS CloudTrail event → LogRecord.
 *   ts = eventTime; service = eventSource ("signin.amazonaws.com"); user = userIdentity.userName, else its arn,
 *   else principalId; message = eventName, then errorCode / the ConsoleLogin outcome, then ": errorMessage"
 *   ("ConsoleLogin Failure: Failed authentication"); level ERROR when errorCode is set or a console login
 *   failed, else INFO.
 * attrs: sourceIPAddress, userAgent, awsRegion, eventType, eventID, recipientAccountId, readOnly, errorCode,
 *   errorMessage, userIdentityType, accountId, consoleLogin (responseElements.ConsoleLogin), mfaUsed,
 *   requestParameters — whichever are present.
 */
const COPIED = ['sourceIPAddress', 'userAgent', 'awsRegion', 'eventType', 'eventID', 'recipientAccountId', 'readOnly', 'errorCode', 'errorMessage', 'requestParameters'] as const;

export function cloudTrailRecord(value: unknown, env: RecordEnv, source: SourcePos): LogRecord | RejectReason {
  if (!isJsonObject(value) || typeof value.eventName !== 'string' || typeof value.eventSource !== 'string') return 'not a CloudTrail event';
  if (typeof value.eventTime !== 'string') return 'missing timestamp';
  const ts = parseTimestamp(value.eventTime, env.time);
  if (Number.isNaN(ts)) return 'invalid timestamp';

  const identity = isJsonObject(value.userIdentity) ? value.userIdentity : {};
  const response = isJsonObject(value.responseElements) ? value.responseElements : {};
  const extra = isJsonObject(value.additionalEventData) ? value.additionalEventData : {};
  const errorCode = stringOr(value.errorCode);
  const errorMessage = stringOr(value.errorMessage);
  const consoleLogin = stringOr(response.ConsoleLogin);

  const attrs: Record<string, unknown> = {};
  for (const key of COPIED) if (value[key] !== undefined && value[key] !== null) attrs[key] = value[key];
  if (typeof identity.type === 'string') attrs.userIdentityType = identity.type;
  if (typeof identity.accountId === 'string') attrs.accountId = identity.accountId;
  if (consoleLogin !== undefined) attrs.consoleLogin = consoleLogin;
  if (typeof extra.MFAUsed === 'string') attrs.mfaUsed = extra.MFAUsed;

  const outcome = errorCode ?? (consoleLogin === 'Failure' ? 'Failure' : undefined);
  let message = value.eventName;
  if (outcome !== undefined) message += ` ${outcome}`;
  if (errorMessage !== undefined) message += `: ${errorMessage}`;

  return makeRecord({
    ts,
    service: env.service ?? value.eventSource,
    level: outcome === undefined ? 'INFO' : 'ERROR',
    user: stringOr(identity.userName) ?? stringOr(identity.arn) ?? stringOr(identity.principalId),
    message,
    attrs,
    source,
  });
}

function stringOr(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
