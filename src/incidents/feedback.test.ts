import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Alert, AlertDraft } from '../domain/index.js';
import type { Silence, Store } from '../store/store.js';
import {
  alertSignature, isSuppressed, loadSuppression, markAlertNormal, markTemplateNormal, normalExamples, parseDuration, silence, unsilence,
  type SuppressionContext,
} from './feedback.js';
import { makeAlert, openTempStore, T0 } from './testing.js';
import { HOUR, MINUTE } from './time.js';

const none: SuppressionContext = { silences: [], normalTemplates: new Set(), normalSignatures: new Set() };
const silenceOf = (target: Silence['target'], until: number): Silence => ({ id: 1, target, until, reason: 'deploy', createdAt: T0, createdBy: 'ana' });

describe('isSuppressed', () => {
  const draft = makeAlert({ id: 1, ruleId: 4, ruleName: 'error-burst', scope: { service: 'pay', templateId: 12 } });

  it('lets everything through when there is no feedback', () => {
    expect(isSuppressed(draft, none, T0)).toEqual({ kind: 'none' });
  });

  it.each([
    ['rule by name', { kind: 'rule', value: 'error-burst' }],
    ['rule by id', { kind: 'rule', value: '4' }],
    ['template', { kind: 'template', value: '12' }],
    ['service', { kind: 'service', value: 'pay' }],
  ] as const)('mutes an alert matching a %s silence', (_name, target) => {
    const s = silenceOf(target, T0 + HOUR);
    expect(isSuppressed(draft, { ...none, silences: [s] }, T0)).toEqual({ kind: 'silenced', silence: s });
  });

  it('ignores silences on something else', () => {
    const silences = [silenceOf({ kind: 'service', value: 'web' }, T0 + HOUR), silenceOf({ kind: 'template', value: '13' }, T0 + HOUR)];
    expect(isSuppressed(draft, { ...none, silences }, T0).kind).toBe('none');
  });

  it('expires a silence at its until time', () => {
    const ctx = { ...none, silences: [silenceOf({ kind: 'service', value: 'pay' }, T0 + HOUR)] };
    expect(isSuppressed(draft, ctx, T0 + HOUR - 1).kind).toBe('silenced');
    expect(isSuppressed(draft, ctx, T0 + HOUR).kind).toBe('none');
  });

  it('suppresses the repeat of an alert marked normal, in any later window', () => {
    const marked = makeAlert({ id: 1, source: 'ml', ruleName: 'ml', scope: { service: 'pay', templateId: 12 }, windowStart: T0 });
    const repeat = { ...marked, id: 2, windowStart: T0 + 3 * HOUR, fingerprint: 'other' };
    const ctx = { ...none, normalSignatures: new Set([alertSignature(marked)]) };
    expect(isSuppressed(repeat, ctx, T0 + 3 * HOUR)).toEqual({ kind: 'normal_alert', signature: alertSignature(marked) });
    const elsewhere = { ...repeat, scope: { service: 'pay', templateId: 13 } };
    expect(isSuppressed(elsewhere, ctx, T0).kind).toBe('none');
  });

  it('suppresses novelty alerts on a normal template but not volume rules on it', () => {
    const ctx = { ...none, normalTemplates: new Set([12]) };
    const ml = makeAlert({ id: 2, source: 'ml', scope: { templateId: 12 } });
    const novel = makeAlert({ id: 3, scope: { templateId: 12 }, factors: [{ kind: 'new_template', text: 'new', weight: 0.9, templateId: 12, template: 'x' }] });
    const volume = makeAlert({ id: 4, scope: { templateId: 12 }, factors: [{ kind: 'rule', text: 'rate', weight: 1, rule: 'rate', threshold: 5, observed: 50 }] });
    expect(isSuppressed(ml, ctx, T0)).toEqual({ kind: 'normal_template', templateId: 12 });
    expect(isSuppressed(novel, ctx, T0).kind).toBe('normal_template');
    expect(isSuppressed(volume, ctx, T0).kind).toBe('none');
  });
});

describe('alertSignature', () => {
  it('ignores the window and fingerprint, and keeps rule, source and scope apart', () => {
    const a = makeAlert({ id: 1, scope: { service: 'pay', user: 'bob' } });
    const later = makeAlert({ ...a, id: 2, windowStart: T0 + HOUR, fingerprint: 'later' });
    expect(alertSignature(later)).toBe(alertSignature(a));
    expect(alertSignature({ ...a, scope: { service: 'pay' } })).not.toBe(alertSignature(a));
    expect(alertSignature({ ...a, ruleName: 'other' })).not.toBe(alertSignature(a));
    expect(alertSignature({ ...a, source: 'zscore' })).not.toBe(alertSignature(a));
  });
});

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['15m', 15 * MINUTE],
    ['15min', 15 * MINUTE],
    ['2h', 2 * HOUR],
    ['1h30m', 90 * MINUTE],
    [' 1d ', 24 * HOUR],
    ['1w', 7 * 24 * HOUR],
    ['1.5h', 90 * MINUTE],
  ])('reads %s', (text, ms) => {
    expect(parseDuration(text)).toEqual({ kind: 'ok', value: ms });
  });

  it.each(['', '5', 'soon', '2x', '1h then', '0m'])('rejects %j with a reason', (text) => {
    const parsed = parseDuration(text);
    expect(parsed.kind).toBe('invalid');
    if (parsed.kind === 'invalid') expect(parsed.reason).toMatch(/duration/);
  });
});

describe('feedback against SQLite', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  beforeEach(async () => {
    ({ store, dispose } = await openTempStore());
  });
  afterEach(() => dispose());

  const draftOf = (a: Alert): AlertDraft => {
    const { id: _id, createdAt: _c, status: _s, incidentId: _i, ...draft } = a;
    return draft;
  };

  it('marks an alert normal so its repeat is suppressed, and unmarking lifts it', async () => {
    const [alert] = await store.insertAlerts([draftOf(makeAlert({ id: 0, source: 'ml', ruleName: 'ml', scope: { service: 'pay', templateId: 3 } }))]);
    const repeat = { ...draftOf(alert), fingerprint: 'next-window', windowStart: T0 + HOUR };

    expect(await markAlertNormal(store, alert.id)).toMatchObject({ kind: 'done', value: { alert: { id: alert.id } } });
    expect(isSuppressed(repeat, await loadSuppression(store, T0), T0).kind).toBe('normal_alert');

    await markAlertNormal(store, alert.id, false);
    expect(isSuppressed(repeat, await loadSuppression(store, T0), T0).kind).toBe('none');
    expect(await markAlertNormal(store, alert.id + 100)).toMatchObject({ kind: 'not_found' });
  });

  it('marks a template normal, reversibly', async () => {
    const [id] = await store.upsertTemplates([{ key: 'k', service: 'pay', text: 'x <*>', example: 'x 1', firstSeen: T0, lastSeen: T0, countDelta: 1 }]);
    const ml = draftOf(makeAlert({ id: 0, source: 'ml', scope: { templateId: id } }));
    expect(await markTemplateNormal(store, id)).toMatchObject({ kind: 'done', value: { id, normal: true } });
    expect(isSuppressed(ml, await loadSuppression(store, T0), T0)).toEqual({ kind: 'normal_template', templateId: id });
    await markTemplateNormal(store, id, false);
    expect(isSuppressed(ml, await loadSuppression(store, T0), T0).kind).toBe('none');
    expect((await markTemplateNormal(store, id + 100)).kind).toBe('not_found');
  });

  it('persists silences, lets them expire, and removes them on request', async () => {
    const draft = draftOf(makeAlert({ id: 0, scope: { service: 'pay' } }));
    const created = await silence(store, { target: { kind: 'service', value: 'pay' }, durationMs: 2 * HOUR, reason: 'migration', createdBy: 'ana' }, T0);
    if (created.kind !== 'done') throw new Error(created.reason);
    expect(created.value).toMatchObject({ until: T0 + 2 * HOUR, reason: 'migration', createdBy: 'ana' });

    expect(isSuppressed(draft, await loadSuppression(store, T0 + HOUR), T0 + HOUR).kind).toBe('silenced');
    expect((await loadSuppression(store, T0 + 2 * HOUR)).silences).toEqual([]);
    expect(isSuppressed(draft, await loadSuppression(store, T0 + 2 * HOUR), T0 + 2 * HOUR).kind).toBe('none');

    expect(await unsilence(store, created.value.id)).toEqual({ kind: 'done', value: created.value.id });
    expect(await store.listSilences()).toEqual([]);
    expect((await unsilence(store, created.value.id)).kind).toBe('not_found');
  });

  it.each([
    [{ kind: 'service', value: ' ' }, 60_000, /needs a value/],
    [{ kind: 'template', value: 'db' }, 60_000, /template id/],
    [{ kind: 'service', value: 'pay' }, 0, /positive duration/],
  ] as const)('refuses an invalid silence %j with a reason', async (target, durationMs, reason) => {
    const outcome = await silence(store, { target, durationMs, reason: '', createdBy: null }, T0);
    expect(outcome).toMatchObject({ kind: 'invalid', reason: expect.stringMatching(reason) });
    expect(await store.listSilences()).toEqual([]);
  });

  it('lists normal-marked examples for training: templates, alerts and their evidence lines', async () => {
    const row = { ts: T0, service: 'pay', level: 'INFO' as const, message: 'cron ran', attrs: {}, source: { file: 'a', line: 1, offset: 0 }, templateId: null, params: [] };
    const stored = await store.appendBatch({ rows: [row], rejects: [] });
    if (stored.kind !== 'stored') throw new Error('not stored');
    const [alert] = await store.insertAlerts([draftOf(makeAlert({ id: 0, evidence: stored.ids }))]);
    const [templateId] = await store.upsertTemplates([{ key: 'k', service: 'pay', text: 'cron ran', example: 'cron ran', firstSeen: T0, lastSeen: T0, countDelta: 1 }]);
    await markAlertNormal(store, alert.id);
    await markTemplateNormal(store, templateId);

    const examples = await normalExamples(store);
    expect(examples.templateIds).toEqual([templateId]);
    expect(examples.alerts.map((a) => a.id)).toEqual([alert.id]);
    expect(examples.logs.map((l) => l.message)).toEqual(['cron ran']);
  });
});
