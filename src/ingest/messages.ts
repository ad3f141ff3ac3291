/**
 * Whole messages (a syslog datagram or TCP frame, a NATS message) → records and rejects, through a
 * format decoder. Each message is pushed line by line and then flushed, so its record never waits
 * for the next message to arrive.
 */
import type { LogRecord, Reject } from '../domain/index.js';
import type { RecordDecoder } from '../formats/index.js';

export interface PushedMessage {
  text: string;
  /** Its number in the stream (SourcePos.line of its records). */
  line: number;
  /** Its byte offset in the stream, when there is one. */
  offset: number;
}

export interface DecodedMessages {
  records: LogRecord[];
  rejects: Reject[];
}

export function decodeMessages(decoder: RecordDecoder, messages: Iterable<PushedMessage>): DecodedMessages {
  const out: DecodedMessages = { records: [], rejects: [] };
  for (const message of messages) {
    let offset = message.offset;
    for (const text of message.text.split('\n')) {
      const end = offset + Buffer.byteLength(text) + 1;
      take(out, decoder.push({ text, line: message.line, offset, end }));
      offset = end;
    }
    take(out, decoder.flush());
  }
  return out;
}

function take(out: DecodedMessages, items: ReturnType<RecordDecoder['push']>): void {
  for (const item of items) {
    if (item.kind === 'record') out.records.push(item.record);
    else out.rejects.push(item.reject);
  }
}
