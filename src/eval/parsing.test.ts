import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateParsing, formatParsingReport, parseStructured, runParsingEval, writeParseCsv } from './parsing.js';

const CSV = `LineId,Component,Content,EventId,EventTemplate
1,sshd,Accepted password for alice from 10.0.0.7 port 52144 ssh2,E1,Accepted password for <*> from <*> port <*> ssh2
2,sshd,"Connection closed by 1.2.3.4 [preauth]",E2,Connection closed by <*> [preauth]
3,sshd,Accepted password for bob from 10.0.0.9 port 52177 ssh2,E1,Accepted password for <*> from <*> port <*> ssh2
4,sshd,Accepted password for carol from 10.0.0.1 port 2 ssh2,E1,Accepted password for <*> from <*> port <*> ssh2
5,cron,"Connection closed by 5.6.7.8 [preauth]",E2,Connection closed by <*> [preauth]
6,cron,"session opened, user=""root""",E3,"session opened, user=""<*>"""
`;

function fixture(): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'parse-'));
  const file = join(dir, 'Mini_2k.log_structured.csv');
  writeFileSync(file, CSV);
  return { dir, file };
}

describe('evaluateParsing', () => {
  it('mines the Content column and scores GA, PA and FGA against the truth', async () => {
    const { file } = fixture();
    const result = await evaluateParsing({ structuredFile: file });
    expect(result).toEqual({ dataset: 'Mini', lines: 6, groupingAccuracy: 1, parsingAccuracy: 1, fga: 1, templates: 3, truthTemplates: 3 });
  });

  it('can mine one group per Component, which splits events shared by components', async () => {
    const { file } = fixture();
    const result = await evaluateParsing({ structuredFile: file, groupBy: 'component' });
    expect(result.templates).toBe(4);
    expect(result.groupingAccuracy).toBeCloseTo(4 / 6);
  });

  it('scores a poorly tuned miner lower', async () => {
    const { file } = fixture();
    const result = await evaluateParsing({ structuredFile: file, miner: { similarity: 1 } });
    expect(result.groupingAccuracy).toBeLessThan(1);
  });
});

describe('writeParseCsv', () => {
  it('writes LineId,EventId,EventTemplate from 1, in Loghub form unless named', async () => {
    const { dir, file } = fixture();
    const parsed = await parseStructured({ structuredFile: file });
    const out = join(dir, 'out.csv');
    await writeParseCsv(out, parsed);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('LineId,EventId,EventTemplate');
    expect(lines[1]).toBe('1,E1,Accepted password for <*> from <*> port <*> ssh2');
    expect(lines[6]).toBe('6,E3,"session opened, user=""<*>"""');
    await writeParseCsv(out, parsed, { named: true });
    expect(readFileSync(out, 'utf8').split('\n')[1]).toBe('1,E1,Accepted password for <*> from <IP> port <NUM> ssh2');
  });
});

describe('runParsingEval', () => {
  it('skips with a clear message when the data directory is absent', async () => {
    const report = await runParsingEval('/nonexistent/loghub-2k');
    expect(report.skipped).toMatch(/no Loghub data at \/nonexistent\/loghub-2k/);
    expect(formatParsingReport(report)).toBe(report.skipped);
  });

  it('evaluates the datasets it finds and averages them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loghub-'));
    const { file } = fixture();
    const target = join(dir, 'Apache');
    mkdirSync(target);
    writeFileSync(join(target, 'Apache_2k.log_structured.csv'), readFileSync(file));
    const report = await runParsingEval(dir);
    expect(report.rows.map((r) => r.dataset)).toEqual(['Apache']);
    expect(report.average).toMatchObject({ groupingAccuracy: 1, drainTuned: 1 });
    expect(formatParsingReport(report)).toMatch(/Apache\s+1\.000/);
  });
});
