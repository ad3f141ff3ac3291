/**
 * Splits one CSV row (RFC 4180 quoting: fields in double quotes may hold commas, newlines and doubled quotes).
 * Returns undefined when a quoted field is still open at the end of the text: the row continues on the next line.
 * Stray text after a closing quote is kept (lenient), as spreadsheet tools do.
 */
export function splitCsvRow(text: string): string[] | undefined {
  if (!text.includes('"')) return text.split(',');
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (text.charCodeAt(i) === QUOTE) {
      i++;
      for (;;) {
        const quote = text.indexOf('"', i);
        if (quote === -1) return undefined;
        field += text.slice(i, quote);
        i = quote + 1;
        if (text.charCodeAt(i) !== QUOTE) break;
        field += '"';
        i++;
      }
    }
    const comma = text.indexOf(',', i);
    if (comma === -1) {
      fields.push(field + text.slice(i));
      return fields;
    }
    fields.push(field + text.slice(i, comma));
    i = comma + 1;
  }
}

const QUOTE = 34;
