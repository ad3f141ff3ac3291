/**
 * Reading a PostgreSQL store URL. Besides the usual libpq parameters it may carry
 * `?schema=NAME`: the store then lives in that schema (created if needed) and every connection
 * gets `search_path=NAME`, so several stores (or test runs) share one database without colliding.
 */

export interface PgLocation {
  /** The URL handed to the driver: `schema` removed, everything else untouched. */
  connectionString: string;
  /** Schema named in the URL, or null for the server's default search_path. */
  schema: string | null;
  /** The URL with any password masked, fit for logs and `Store.location`. */
  redacted: string;
}

export type PgLocationResult = { kind: 'ok'; location: PgLocation } | { kind: 'invalid'; reason: string };

/**
 * Plain lowercase identifiers only: the name goes unquoted into a `-c search_path=` startup option
 * (where PostgreSQL folds case) and quoted into DDL (where it does not), so both must agree.
 */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function parsePgUrl(url: string): PgLocationResult {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { kind: 'invalid', reason: `"${redactUrl(url)}" is not a valid PostgreSQL URL.` };
  }
  if (!/^postgres(ql)?:$/i.test(parsed.protocol)) {
    return { kind: 'invalid', reason: `"${redactUrl(url)}" does not start with postgres:// or postgresql://.` };
  }
  const schema = parsed.searchParams.get('schema');
  if (schema !== null && !SCHEMA_NAME.test(schema)) {
    return { kind: 'invalid', reason: `schema "${schema}" must be a plain identifier: lowercase letters, digits and underscores, not starting with a digit.` };
  }
  const redacted = redactUrl(parsed.toString());
  parsed.searchParams.delete('schema');
  return { kind: 'ok', location: { connectionString: parsed.toString(), schema, redacted } };
}

/** The same URL selecting `schema` (replacing any schema it named). */
export function withSchema(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('schema', schema);
  return parsed.toString();
}

/** Mask the password of a URL; strings that are not URLs come back unchanged. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
  }
}
