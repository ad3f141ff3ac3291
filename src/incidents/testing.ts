/** Builders for tests of this folder (and of callers): complete domain objects with overridable fields. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Alert, Incident } from '../domain/index.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import type { ProfileRecord } from './profile.js';
import { DAY, HOUR, MINUTE, SECOND } from './time.js';

export const T0 = Date.UTC(2024, 0, 15, 3, 0, 0);

export function makeAlert(fields: Partial<Alert> & Pick<Alert, 'id'>): Alert {
  const windowStart = fields.windowStart ?? T0;
  return {
    fingerprint: `fp-${fields.id}`,
    source: 'rule',
    ruleId: 1,
    ruleName: 'error-burst',
    severity: 'LOW',
    scope: {},
    windowStart,
    windowEnd: fields.windowEnd ?? windowStart,
    observed: 1,
    threshold: 1,
    score: null,
    message: 'test alert',
    evidence: [],
    factors: [],
    createdAt: windowStart,
    status: 'open',
    incidentId: null,
    ...fields,
  };
}

export function makeIncident(fields: Partial<Incident> & Pick<Incident, 'id'>): Incident {
  return {
    title: `incident ${fields.id}`,
    status: 'open',
    severity: 'LOW',
    start: T0,
    end: T0,
    services: [],
    templateIds: [],
    users: [],
    hosts: [],
    members: [],
    updatedAt: T0,
    resolvedAt: null,
    ...fields,
  };
}

/**
 * Five days of a payment service during business hours (08:00–18:00 UTC), every 10 minutes:
 * "User <*> logged in" (alice, bob alternately), then "Served <*>" with status 200; every 20th
 * slot adds an ERROR "Payment <*> declined". 300 + 300 + 15 = 615 records, in time order.
 */
export function* trainingRecords(): Generator<ProfileRecord> {
  const day0 = Date.UTC(2024, 0, 1);
  let slot = 0;
  for (let day = 0; day < 5; day++) {
    for (let hour = 8; hour < 18; hour++) {
      for (let minute = 0; minute < 60; minute += 10) {
        const ts = day0 + day * DAY + hour * HOUR + minute * MINUTE;
        const user = slot % 2 === 0 ? 'alice' : 'bob';
        yield { ts, service: 'pay', level: 'INFO', templateId: 10, params: [user], user, template: 'User <*> logged in' };
        yield { ts: ts + SECOND, service: 'pay', level: 'INFO', templateId: 11, params: ['200'], attrs: { status: 200 }, template: 'Served <*>' };
        if (slot % 20 === 19) {
          yield { ts: ts + 30 * SECOND, service: 'pay', level: 'ERROR', templateId: 12, params: [`p${slot}`], template: 'Payment <*> declined' };
        }
        slot++;
      }
    }
  }
}

/** A fresh SQLite store in its own temp dir; `dispose` closes it and removes the dir. */
export async function openTempStore(): Promise<{ store: Store; dispose: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'logtrack-incidents-'));
  const store = await openStore(join(dir, 'test.db'));
  return {
    store,
    dispose: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
