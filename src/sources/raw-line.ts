/** One physical line as read by a source, before decoding. Offsets are byte offsets in the (decompressed) input. */
export interface RawLine {
  text: string;
  /** 1-based line number. */
  line: number;
  /** Byte offset of the line's first byte. */
  offset: number;
  /** Byte offset just after the line's newline (where the next line starts). */
  end: number;
  /** Set when the line exceeded the source's maximum line length; `text` holds only its head. */
  truncated?: boolean;
  /** Set when the bytes were not valid UTF-8 (text holds U+FFFD replacements). */
  invalidUtf8?: boolean;
}

/** Lines longer than this are cut, and rejected by decoders with a clear reason. */
export const MAX_LINE_BYTES = 1024 * 1024;
