/**
 * Named masks: spans of a message recognised as variables before clustering, shown in templates as
 * `<NAME>`. The built-in ones are found by a hand-written character-class scanner (scanner.ts); custom
 * ones are regular expressions from the options, combined into one regex run once per message.
 */

/** Built-in masks, recognised without regular expressions. */
export const BUILTIN_MASKS = ['IP', 'UUID', 'URL', 'PATH', 'HEX', 'NUM', 'ID', 'EMAIL', 'DATE'] as const;
export type BuiltinMask = (typeof BUILTIN_MASKS)[number];

/** A user-defined mask: every match of `pattern` in a message becomes `<name>`. */
export interface CustomMask {
  /** Upper-case word, shown as `<name>` (e.g. `TICKET`). */
  name: string;
  /** Regular expression source (no flags; matched case-sensitively). */
  pattern: string;
}

/** Mask names that are not options but structural: `*` is a generalised token, `TRACE` a stack trace. */
export const WILDCARD = '*';
export const TRACE = 'TRACE';

/** Fixed mask indices: the wildcard, the trace, then the built-ins in BUILTIN_MASKS order. */
export const M = {
  WILDCARD: 0,
  TRACE: 1,
  ...(Object.fromEntries(BUILTIN_MASKS.map((name, i) => [name, i + 2])) as Record<BuiltinMask, number>),
} as const;

/**
 * Each mask has a small index; inside token keys a mask is encoded as one private-use character
 * (U+E000 + index), so `blk_-42` and `blk_7` both key as `blk_\uE0xx`.
 */
export class MaskRegistry {
  private readonly names: string[] = [WILDCARD, TRACE];
  private readonly indexByName = new Map<string, number>(this.names.map((n, i) => [n, i]));

  static readonly WILDCARD = 0;
  static readonly TRACE = 1;
  static readonly BASE = 0xe000;

  constructor(builtins: readonly BuiltinMask[], custom: readonly CustomMask[]) {
    for (const name of [...BUILTIN_MASKS, ...custom.map((m) => m.name)]) this.add(name);
    this.enabled = builtins.reduce((bits, name) => bits | (1 << M[name]), 0);
  }

  /** Bit `1 << index` is set for each built-in mask the scanner applies. */
  readonly enabled: number;

  isEnabled(index: number): boolean {
    return (this.enabled & (1 << index)) !== 0;
  }

  private add(name: string): void {
    if (!this.indexByName.has(name)) {
      this.indexByName.set(name, this.names.length);
      this.names.push(name);
    }
  }

  index(name: string): number {
    const i = this.indexByName.get(name);
    if (i === undefined) throw new Error(`unknown mask ${name}`);
    return i;
  }

  has(name: string): boolean {
    return this.indexByName.has(name);
  }

  name(index: number): string {
    return this.names[index];
  }

  /** The key character standing for a mask. */
  char(index: number): string {
    return String.fromCharCode(MaskRegistry.BASE + index);
  }

  /** Mask index of a key character, or -1 for an ordinary character. */
  maskOfCode(code: number): number {
    const i = code - MaskRegistry.BASE;
    return i >= 0 && i < this.names.length ? i : -1;
  }
}

const MASK_NAME = /^[A-Z][A-Z0-9_]*$/;

/** Custom masks combined into one global regex: `groups[i]` is the capture group of mask `names[i]`. */
export interface CompiledMasks {
  regex: RegExp;
  names: string[];
  groups: number[];
}

/** Validate custom masks and combine them into one regex, run once per message. */
export function compileCustomMasks(masks: readonly CustomMask[]): CompiledMasks | null {
  if (masks.length === 0) return null;
  const groups: number[] = [];
  let group = 1;
  for (const m of masks) {
    if (!MASK_NAME.test(m.name)) throw new Error(`mask name "${m.name}" must be an upper-case word`);
    groups.push(group);
    // `(?:p)|` matches the empty string, so exec('') reveals how many capture groups p has.
    const inner = new RegExp(`(?:${m.pattern})|`).exec('')!.length - 1;
    group += 1 + inner;
  }
  const regex = new RegExp(masks.map((m) => `(${m.pattern})`).join('|'), 'g');
  return { regex, names: masks.map((m) => m.name), groups };
}
