import type { LogRecord, SourcePos } from '../domain/log-record.js';
import type { RawLine } from '../sources/raw-line.js';
import { recordItem, rejectItem } from './env.js';
import type { RecordEnv } from './fields.js';
import type { Decoded, RecordDecoder, RejectReason } from './format.js';
import { JsonSplitter, type JsonPiece } from './json-splitter.js';
import { cleanText, isBlank, lineProblem } from './line-text.js';

/** Turns one JSON event into a record (or says why not). */
export type JsonEventMapper = (value: unknown, source: SourcePos) => LogRecord | RejectReason;

/** A RecordDecoder for JSON layouts (see JsonSplitter) whose events are mapped by `toRecord`. */
export function createJsonDecoder(description: string, toRecord: JsonEventMapper, env: RecordEnv): RecordDecoder {
  const splitter = new JsonSplitter();
  const pieces: JsonPiece[] = [];

  const drain = (out: Decoded[] = []): Decoded[] => {
    for (const piece of pieces) {
      const source = { file: env.file, line: piece.line, offset: piece.offset };
      if (piece.kind === 'error') {
        out.push(rejectItem(piece.reason, piece.raw, source, piece.end));
        continue;
      }
      const record = toRecord(piece.value, source);
      if (typeof record === 'string') out.push(rejectItem(record, JSON.stringify(piece.value) ?? '', source, piece.end));
      else out.push(recordItem(record, piece.end));
    }
    pieces.length = 0;
    return out;
  };

  return {
    description,
    push(line: RawLine, out?: Decoded[]): Decoded[] {
      const problem = lineProblem(line);
      if (problem !== undefined) {
        splitter.interrupt(line, problem, pieces);
        return drain(out);
      }
      const text = cleanText(line.text);
      if (!isBlank(text)) splitter.push(line, text, pieces);
      return drain(out);
    },
    flush(): Decoded[] {
      splitter.finish(pieces);
      return drain();
    },
  };
}
