import { describe, expect, it } from 'vitest';
import { buildProfile, createProfileBuilder, DEFAULT_PROFILE, type ProfileRecord } from './profile.js';
import { trainingRecords } from './testing.js';
import { HOUR, MINUTE } from './time.js';

describe('buildProfile', () => {
  it('learns hours, rates, transitions, parameter and field values from the training stream', async () => {
    const profile = await buildProfile(trainingRecords());
    const login = profile.templates[10];
    expect(login).toMatchObject({ service: 'pay', text: 'User <*> logged in', count: 300 });
    expect(login.hours.normal).toEqual([8, 18]);
    expect(login.rate).toMatchObject({ activeWindows: 300, p99: 1, max: 1 });
    expect(login.params[0]).toEqual({ total: 300, values: { alice: 150, bob: 150 }, overflow: false });
    expect(profile.transitions[10]).toEqual({ total: 300, next: { 11: 300 } });
    expect(profile.fields.status.values).toEqual({ 200: 300 });
    expect(profile.services.pay).toMatchObject({ count: 615, errors: 15 });
    expect(profile.services.pay.hours.normal).toEqual([8, 18]);
    expect(profile).toMatchObject({ records: 615, windowMs: MINUTE, typicalRate: 1 });
  });

  it('is plain JSON: a round trip changes nothing', async () => {
    const profile = await buildProfile(trainingRecords());
    expect(JSON.parse(JSON.stringify(profile))).toEqual(profile);
  });

  it('gives the same profile from pages of records as from single records', async () => {
    const records = [...trainingRecords()];
    async function* pages() {
      for (let i = 0; i < records.length; i += 100) yield records.slice(i, i + 100);
    }
    expect(await buildProfile(pages())).toEqual(await buildProfile(records));
  });

  it('counts per window, so a training burst raises the normal rate', () => {
    const builder = createProfileBuilder();
    const base = Date.UTC(2024, 0, 1, 9);
    const at = (ts: number): ProfileRecord => ({ ts, service: 's', level: 'INFO', templateId: 1 });
    for (let i = 0; i < 12; i++) builder.push(at(base + i * 1000));
    for (let m = 1; m <= 3; m++) builder.push(at(base + m * MINUTE));
    expect(builder.finish().templates[1].rate).toEqual({ activeWindows: 4, mean: 15 / 4, p99: 12, max: 12 });
  });

  it('stops keeping values past maxValues and marks the position free-form', () => {
    const builder = createProfileBuilder({ ...DEFAULT_PROFILE, maxValues: 3 });
    for (let i = 0; i < 5; i++) builder.push({ ts: i * HOUR, service: 's', level: 'INFO', templateId: 1, params: [`req-${i}`] });
    expect(builder.finish().templates[1].params[0]).toEqual({ total: 5, values: { 'req-0': 1, 'req-1': 1, 'req-2': 1 }, overflow: true });
  });

  it('skips records without a valid time instead of failing', () => {
    const builder = createProfileBuilder();
    builder.push({ ts: Number.NaN, service: 's', level: 'INFO', templateId: 1 });
    expect(builder.finish()).toMatchObject({ records: 0, start: null, templates: {} });
  });
});
