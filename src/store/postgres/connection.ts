/** How every connection of a PostgreSQL store is configured: the pools' and the writer thread's. */
import pg from 'pg';
import type { PgLocation } from './url.js';

/** int8 as a JS number: ids, counts and epoch-ms times all stay far below 2^53. */
function int8Types(): pg.CustomTypesConfig {
  const types = new pg.TypeOverrides();
  types.setTypeParser(pg.types.builtins.INT8, (text: string) => Number(text));
  return types;
}

export function clientConfig(location: Pick<PgLocation, 'connectionString' | 'schema'>): pg.ClientConfig {
  return {
    connectionString: location.connectionString,
    types: int8Types(),
    ...(location.schema ? { options: `-c search_path=${location.schema}` } : {}),
  };
}
