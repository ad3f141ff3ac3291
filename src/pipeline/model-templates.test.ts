import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { MlModel } from '../detect/ml/model.js';
import { openStore } from '../store/open.js';
import { templateUpsert } from '../store/testing/fixtures.js';
import { modelTemplatesOf, templateIdTranslator } from './model-templates.js';

const dir = mkdtempSync(join(tmpdir(), 'logtrack-model-templates-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('template ids of a store in a model\'s numbering', () => {
  it('matches by key, else by the model template its example matches; other templates map past every model id', async () => {
    const trained = await openStore(join(dir, 'trained.db'));
    const [query, vacuum] = await trained.upsertTemplates([
      templateUpsert({ key: 'db:Query on orders returned <NUM> rows', service: 'db', text: 'Query on <*> returned <NUM> rows' }),
      templateUpsert({ key: 'db:Vacuum of <*>', service: 'db', text: 'Vacuum of <*>' }),
    ]);
    // (Its keys are the texts they were first mined with; the examples are real lines.)
    const model = { miner: modelTemplatesOf(await trained.listTemplates()) } as Pick<MlModel, 'miner'>;
    await trained.close();

    // Another store mined the same logs in another order: the query template was first seen on another table.
    const other = await openStore(join(dir, 'other.db'));
    const [otherQuery, otherVacuum, elsewhere, fresh] = await other.upsertTemplates([
      templateUpsert({ key: 'db:Query on payments returned <NUM> rows', service: 'db', text: 'Query on payments returned <NUM> rows', example: 'Query on payments returned 12 rows' }),
      templateUpsert({ key: 'db:Vacuum of <*>', service: 'db', text: 'Vacuum of <*> (renamed)', example: 'Vacuum of orders' }),
      templateUpsert({ key: 'api:Query on users returned <NUM> rows', service: 'api', text: 'Query on <*> returned <NUM> rows', example: 'Query on users returned 3 rows' }),
      templateUpsert({ key: 'db:Checkpoint complete', service: 'db', text: 'Checkpoint complete', example: 'Checkpoint complete' }),
    ]);
    const toModel = await templateIdTranslator(other, model);
    await other.close();
    expect(toModel(otherQuery!)).toBe(query);
    expect(toModel(otherVacuum!)).toBe(vacuum);
    const past = Math.max(query!, vacuum!);
    expect(toModel(elsewhere!)).toBeGreaterThan(past);
    expect(toModel(fresh!)).toBeGreaterThan(past);
    expect(toModel(elsewhere!)).not.toBe(toModel(fresh!));
  });
});
