/**
 * One pass over a message: split it into tokens, find masked spans, and look each token's key up in
 * the token table, writing into reusable typed arrays (no per-token allocation).
 *
 * Preparation before tokenizing:
 * - A multi-line message (a stack trace) is tokenized on its first line only; the rest becomes one
 *   final `<TRACE>` token.
 * - A JSON object message becomes one token, its key skeleton (json-skeleton.ts); leaf values are params.
 * - Only the first `maxTokens - 1` tokens are tokenized; the rest of a longer line is one `<*>` token.
 *
 * A token holding a digit, a slash, `@` or `=` is classified (classify.ts, key-value.ts) once per shape:
 * later tokens of the same shape reuse the verdict (shape-cache.ts). A single-line message whose whole
 * shape was seen before is not tokenized at all: its scan is copied from the line cache (line-cache.ts).
 */
import { classifyToken } from './classify.js';
import { charClass, CHAR_CLASSES, matchDateWord, AT, DIGIT, EQUALS, SLASH, SPACE, UPPER } from './char-scan.js';
import { maskKeyValues } from './key-value.js';
import { jsonSkeleton } from './json-skeleton.js';
import { M, MaskRegistry, type CompiledMasks } from './masks.js';
import { LineCache, UNCACHED } from './line-cache.js';
import { LineScan } from './line-scan.js';
import { DIGIT_CODE, KEY_FROM_TEXT, ShapeCache } from './shape-cache.js';
import { HASH_SEED, hashStep, MASKED, TokenTable, WILD_ID } from './token-table.js';

export { LineScan } from './line-scan.js';

export interface ScannerConfig {
  registry: MaskRegistry;
  table: TokenTable;
  maxTokens: number;
  custom: CompiledMasks | null;
  /** Mask the values of `key=value` pairs (key-value.ts). */
  keyValues: boolean;
}

/** Token bit: the token holds a custom-mask span. */
const CUSTOM = 1 << 11;
/** Tokens holding any of these go through classifyToken. */
const CLASSIFIED = DIGIT | SLASH | AT | EQUALS | CUSTOM;

export class Scanner {
  readonly line = new LineScan();
  private readonly customStart: number[] = [];
  private readonly customEnd: number[] = [];
  private readonly customMask: number[] = [];
  private readonly customIndex: number[];

  private readonly dates: boolean;
  private readonly keyValues: boolean;
  /** Masking verdicts by token shape; null with custom masks (a regex may read any digit). */
  private readonly shapes: ShapeCache | null;
  /** Whole-line scans by line shape; null with custom masks. */
  private readonly lines: LineCache | null;

  constructor(private readonly cfg: ScannerConfig) {
    this.dates = cfg.registry.isEnabled(M.DATE);
    this.keyValues = cfg.keyValues;
    this.customIndex = cfg.custom ? cfg.custom.names.map((n) => cfg.registry.index(n)) : [];
    this.shapes = cfg.custom ? null : new ShapeCache();
    this.lines = cfg.custom ? null : new LineCache();
  }

  scan(message: string): LineScan {
    const line = this.line;
    line.reset(message);
    let bodyEnd = message.length;
    const newline = message.indexOf('\n');
    let traceStart = -1;
    if (newline >= 0) {
      bodyEnd = newline > 0 && message.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
      traceStart = newline + 1;
      while (traceStart < message.length && (charClass(message.charCodeAt(traceStart)) & SPACE) !== 0) traceStart++;
      if (traceStart >= message.length) traceStart = -1;
    }
    if (newline >= 0) this.scanTokens(message, bodyEnd);
    else if (this.scanJson(message)) return line;
    else if (this.lines !== null) this.scanCached(this.lines, message);
    else this.scanTokens(message, bodyEnd);
    if (traceStart >= 0) this.wholeToken(traceStart, trimEnd(message, message.length), MaskRegistry.TRACE);
    return line;
  }

  private scanJson(message: string): boolean {
    const skeleton = jsonSkeleton(message);
    if (!skeleton) return false;
    const line = this.line;
    line.pushToken(0, message.length, this.cfg.table.lookup(skeleton.key), MASKED);
    line.extras = skeleton.values;
    line.jsonKey = skeleton.key;
    return true;
  }

  private scanTokens(text: string, end: number): void {
    const line = this.line;
    const custom = this.findCustom(text, end);
    let nextCustom = 0;
    let customAt = custom > 0 ? this.customStart[0] : -1;
    const lastToken = this.cfg.maxTokens - 1;
    // Node 20's V8 reloads and re-checks a module-level binding (a constant, or an imported function
    // before inlining it) on every iteration of a loop; locals and literals it does not. So the class
    // table and bits are locals here and the hash step is written out (HDFS-shaped lines: scanning
    // 0.92 → 0.82 µs per line).
    const classes = CHAR_CLASSES;
    const space = SPACE;
    const digit = DIGIT;
    const digitCode = DIGIT_CODE;
    let p = 0;
    while (p < end) {
      let c = text.charCodeAt(p);
      if ((classes[c] & space) !== 0) {
        p++;
        continue;
      }
      if (line.count === lastToken) {
        this.wholeToken(p, trimEnd(text, end), MaskRegistry.WILDCARD);
        return;
      }
      const start = p;
      let bits = 0;
      let hash = HASH_SEED;
      while (p < end) {
        if (p === customAt) {
          bits |= CUSTOM;
          p = this.customEnd[nextCustom++];
          customAt = nextCustom < custom ? this.customStart[nextCustom] : -1;
          continue;
        }
        c = text.charCodeAt(p);
        const cls = classes[c];
        if ((cls & space) !== 0) break;
        bits |= cls;
        // The hash of the token's shape (shape-cache.ts): the key hash of a token without digits.
        hash = Math.imul(hash ^ ((cls & digit) !== 0 ? digitCode : c), 0x01000193);
        p++;
        if (c === 34 && opensQuote(text, start, p - 1)) {
          // A quoted value is one token even when it holds spaces: `tag="View Lock"` (Android GA 0.928 → 0.955).
          const close = text.indexOf('"', p);
          if (close > 0 && close < end && close - p <= MAX_QUOTED) {
            for (; p <= close; p++) {
              const q = text.charCodeAt(p);
              const qcls = charClass(q);
              bits |= qcls & ~SPACE;
              hash = hashStep(hash, (qcls & DIGIT) !== 0 ? DIGIT_CODE : q);
            }
          }
        }
      }
      if ((bits & CLASSIFIED) === 0) {
        const date = (bits & UPPER) !== 0 && this.dates ? matchDateWord(text, start, p) : -1;
        if (date < 0) {
          line.pushToken(start, p, this.cfg.table.find(line, start, p, line.segCount, line.segCount, hash), bits);
          continue;
        }
        line.pushSegment(start, date, M.DATE);
        this.closeToken(start, p, bits);
        continue;
      }
      const shapes = this.shapes;
      if (shapes !== null) {
        const known = shapes.find(text, start, p, hash);
        if (known >= 0) {
          this.closeKnownShape(shapes, known, start, p, bits);
          continue;
        }
      }
      this.pushCustomSegments(start, p, custom);
      classifyToken(line, start, p, bits, this.cfg.registry);
      if ((bits & EQUALS) !== 0 && this.keyValues) maskKeyValues(line, start, p);
      sortSegments(line, line.segFrom[line.count]);
      const from = line.segFrom[line.count];
      const to = line.segCount;
      const keyHash = this.closeToken(start, p, bits);
      shapes?.remember(line, start, p, hash, from, to, keyHash, line.id[line.count - 1]);
    }
  }

  /** Scan the line through the line cache: a line of a known shape is copied in whole. */
  private scanCached(lines: LineCache, text: string): void {
    const e = lines.lookup(text);
    if (e < 0) {
      this.scanTokens(text, text.length);
      if (e !== UNCACHED) lines.remember(this.line);
      return;
    }
    const line = this.line;
    if (lines.restore(e, line) === 0) return;
    const table = this.cfg.table;
    for (let i = 0; i < line.count; i++) {
      const id = lines.idOf(e, i);
      if (id >= 0) continue;
      const start = line.start[i];
      const end = line.end[i];
      const from = line.segFrom[i];
      const to = line.segFrom[i + 1];
      if (id === KEY_FROM_TEXT) {
        line.id[i] = table.find(line, start, end, from, to, line.keyHash(start, end, from, to));
        continue;
      }
      const found = table.find(line, start, end, from, to, lines.keyHashOf(e, i));
      if (found >= 0) {
        line.id[i] = found;
        lines.learnId(e, i, found);
      }
    }
  }

  /** Close the token [start, end) with the masks cached for its shape. */
  private closeKnownShape(shapes: ShapeCache, e: number, start: number, end: number, bits: number): void {
    const line = this.line;
    const masked = shapes.pushSpans(e, line, start) > 0;
    let id = shapes.keyIdOf(e);
    if (id === KEY_FROM_TEXT) {
      this.closeToken(start, end, bits);
      return;
    }
    if (id < 0) {
      id = this.cfg.table.find(line, start, end, line.segFrom[line.count], line.segCount, shapes.keyHashOf(e));
      if (id >= 0) shapes.learnId(e, id);
    }
    line.pushToken(start, end, id, masked ? bits | MASKED : bits);
  }

  /** Hash the key of the token [start, end) whose segments are pushed, look it up, and close it; returns the hash. */
  private closeToken(start: number, end: number, bits: number): number {
    const line = this.line;
    const from = line.segFrom[line.count];
    const to = line.segCount;
    const hash = line.keyHash(start, end, from, to);
    const flags = to > from ? (bits & ~CUSTOM) | MASKED : bits;
    line.pushToken(start, end, this.cfg.table.find(line, start, end, from, to, hash), flags);
    return hash;
  }

  /** A token that is one masked span (the rest of a long line, a stack trace). */
  private wholeToken(start: number, end: number, mask: number): void {
    const line = this.line;
    line.pushSegment(start, end, mask);
    if (mask === MaskRegistry.WILDCARD) {
      line.pushToken(start, end, WILD_ID, MASKED);
      return;
    }
    this.closeToken(start, end, 0);
  }

  /** Run the combined custom-mask regex over the body; returns how many spans it found. */
  private findCustom(text: string, end: number): number {
    const compiled = this.cfg.custom;
    if (!compiled) return 0;
    this.customStart.length = this.customEnd.length = this.customMask.length = 0;
    const regex = compiled.regex;
    const body = end === text.length ? text : text.slice(0, end);
    regex.lastIndex = 0;
    for (let m = regex.exec(body); m; m = regex.exec(body)) {
      if (m[0].length === 0) {
        regex.lastIndex++;
        continue;
      }
      const which = compiled.groups.findIndex((g) => m![g] !== undefined);
      this.customStart.push(m.index);
      this.customEnd.push(m.index + m[0].length);
      this.customMask.push(this.customIndex[which]);
    }
    return this.customStart.length;
  }

  private pushCustomSegments(start: number, end: number, custom: number): void {
    for (let i = 0; i < custom; i++) {
      if (this.customStart[i] >= start && this.customEnd[i] <= end) {
        this.line.pushSegment(this.customStart[i], this.customEnd[i], this.customMask[i]);
      }
    }
  }
}

/** Longest quoted value kept as one token. */
const MAX_QUOTED = 256;

/** A `"` opens a quoted value at the start of a token or after `=` or `:`. */
function opensQuote(text: string, tokenStart: number, p: number): boolean {
  if (p === tokenStart) return true;
  const prev = text.charCodeAt(p - 1);
  return prev === 61 || prev === 58;
}

function trimEnd(text: string, end: number): number {
  while (end > 0 && (charClass(text.charCodeAt(end - 1)) & SPACE) !== 0) end--;
  return end;
}

/** Custom segments are pushed before the built-in ones; put the token's segments in text order. */
function sortSegments(line: LineScan, from: number): void {
  for (let i = from + 1; i < line.segCount; i++) {
    const s = line.segStart[i];
    const e = line.segEnd[i];
    const m = line.segMask[i];
    let j = i - 1;
    for (; j >= from && line.segStart[j] > s; j--) {
      line.segStart[j + 1] = line.segStart[j];
      line.segEnd[j + 1] = line.segEnd[j];
      line.segMask[j + 1] = line.segMask[j];
    }
    line.segStart[j + 1] = s;
    line.segEnd[j + 1] = e;
    line.segMask[j + 1] = m;
  }
}
