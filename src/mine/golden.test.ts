/**
 * Golden corpora: each test/fixtures/mine/<name>.log is mined and its templates compared with
 * <name>.templates.txt (`count<TAB>template`, in creation order). A changed clustering shows as a diff;
 * `UPDATE_GOLDEN=1 npx vitest run src/mine` rewrites the expected files.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createMiner } from './template-miner.js';

const dir = fileURLToPath(new URL('../../test/fixtures/mine/', import.meta.url));
const corpora = readdirSync(dir).filter((f) => f.endsWith('.log'));

/** Lines that start with whitespace or `Caused by:` continue the previous message (a stack trace). */
function messages(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (out.length > 0 && (/^\s/.test(line) || line.startsWith('Caused by:'))) out[out.length - 1] += `\n${line}`;
    else out.push(line);
  }
  return out;
}

function mine(text: string): string {
  const miner = createMiner();
  for (const m of messages(text)) miner.add(m, 'app');
  return [...miner.clusters()].map((c) => `${c.count}\t${c.text}`).join('\n') + '\n';
}

describe('golden corpora', () => {
  it('has corpora of several shapes', () => {
    expect(corpora.length).toBeGreaterThanOrEqual(6);
  });

  for (const file of corpora) {
    it(`mines ${file} into the expected templates`, () => {
      const actual = mine(readFileSync(dir + file, 'utf8'));
      const expectedFile = dir + file.replace(/\.log$/, '.templates.txt');
      if (process.env.UPDATE_GOLDEN === '1') writeFileSync(expectedFile, actual);
      expect(actual).toBe(readFileSync(expectedFile, 'utf8'));
    });
  }
});
