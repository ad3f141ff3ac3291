/**
 * Expand the inputs a user names (files, directories, globs, `-`) into a sorted list of files,
 * with one clear sentence for anything that does not exist or cannot be read.
 */
import { accessSync, constants, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { glob } from 'tinyglobby';

export type ResolvedInput = { kind: 'file'; path: string; size: number } | { kind: 'stdin' };

export class InputError extends Error {}

const LOG_LIKE = /\.(log|txt|json|ndjson|jsonl|csv|gz|out|err)$|^[^.]+$|\.log\.\d+$/i;

export async function resolveInputs(inputs: string[]): Promise<ResolvedInput[]> {
  if (inputs.length === 0) throw new InputError('no input given: name files, directories, globs, or - for standard input');
  const out: ResolvedInput[] = [];
  for (const input of inputs) {
    if (input === '-') {
      out.push({ kind: 'stdin' });
      continue;
    }
    if (/[*?[\]{}]/.test(input)) {
      const matches = (await glob(input, { absolute: false, onlyFiles: true })).sort();
      if (matches.length === 0) throw new InputError(`no file matches ${input}`);
      for (const m of matches) out.push(fileInput(m));
      continue;
    }
    let st;
    try {
      st = statSync(input);
    } catch {
      throw new InputError(`${input} does not exist`);
    }
    if (st.isDirectory()) {
      let names: string[];
      try {
        names = readdirSync(input).sort();
      } catch {
        throw new InputError(`cannot read directory ${input}: permission denied`);
      }
      for (const name of names) {
        const p = join(input, name);
        const s = statSync(p);
        if (s.isFile() && LOG_LIKE.test(name) && !name.startsWith('.') && name !== 'labels.json') out.push(fileInput(p));
      }
      continue;
    }
    out.push(fileInput(input));
  }
  return out;
}

function fileInput(path: string): ResolvedInput {
  try {
    accessSync(path, constants.R_OK);
  } catch {
    throw new InputError(`cannot read ${path}: permission denied`);
  }
  return { kind: 'file', path, size: statSync(path).size };
}
