import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomInt } from 'node:crypto';
import { Client } from 'pg';
import { adminQuery, freePort, TEMPLATE_DATABASE, testDatabaseUrl } from '../helpers/test-database';

/** The compiled `npm start` entry point (`npm test` builds it first, in `pretest`). */
const START = resolve(__dirname, '../../api/dist/api/src/start.js');

interface Run {
  code: number | null;
  output: string;
}

/** Runs the start script with `env` until it exits, or until `until(output)` holds (then sends SIGINT). */
function runStart(env: Record<string, string>, until?: (output: string) => boolean): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [START], { env: { ...process.env, ...env, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let interrupted = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`start did not finish within 60 s; output:\n${output}`));
    }, 60_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (until && !interrupted && until(output)) {
        interrupted = true;
        child.kill('SIGINT');
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, output });
    });
  });
}

async function scalar(database: string, sql: string): Promise<unknown> {
  const client = new Client({ connectionString: testDatabaseUrl(database) });
  await client.connect();
  try {
    return (await client.query<{ value: unknown }>(sql)).rows[0]?.value;
  } finally {
    await client.end();
  }
}

describe('the start script (npm start) as a process', () => {
  let database: string;
  let dataDir: string;
  beforeAll(() => {
    if (!existsSync(START)) throw new Error(`${START} is missing: run \`npm run build\` (npm test does it first)`);
  });
  beforeEach(async () => {
    database = `morna_start_${process.pid}_${randomInt(1e6)}`;
    await adminQuery(`CREATE DATABASE ${database} TEMPLATE ${TEMPLATE_DATABASE}`);
    dataDir = mkdtempSync(join(tmpdir(), 'morna-start-'));
  });
  afterEach(async () => {
    await adminQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('exits with code 1 and says why when its port is taken, instead of hanging with its workers running', async () => {
    const port = await freePort();
    const holder: Server = createServer();
    await new Promise<void>((r) => holder.listen(port, '127.0.0.1', r));
    try {
      const run = await runStart({ DATABASE_URL: testDatabaseUrl(database), PORT: String(port), HOST: '127.0.0.1', MORNA_DATA_DIR: dataDir, ANVIL_PORT: String(await freePort()) });
      expect(run.code).toBe(1);
      expect(run.output).toContain(`cannot listen on 127.0.0.1:${port}`);
      expect(run.output).not.toContain('Morna is running');
      // The job queue starts only after listen succeeds: it never created its schema in this database.
      expect(await scalar(database, "SELECT to_regnamespace('pgboss')::text AS value")).toBeNull();
    } finally {
      holder.close();
    }
  });

  it('exits with code 1 and names the setting to change when the local chain\'s port is taken', async () => {
    const port = await freePort();
    const holder: Server = createServer();
    await new Promise<void>((r) => holder.listen(port, '127.0.0.1', r));
    try {
      const run = await runStart({ DATABASE_URL: testDatabaseUrl(database), PORT: '0', HOST: '127.0.0.1', MORNA_DATA_DIR: dataDir, ANVIL_PORT: String(port) });
      expect(run.code).toBe(1);
      expect(run.output).toContain(`The local chain cannot listen on 127.0.0.1:${port}`);
      expect(run.output).toContain('Set ANVIL_PORT');
      expect(run.output).not.toContain('Morna is running');
    } finally {
      holder.close();
    }
  });

  it('serves, prints its URLs, and exits 0 on Ctrl-C', async () => {
    const run = await runStart(
      { DATABASE_URL: testDatabaseUrl(database), PORT: '0', HOST: '127.0.0.1', MORNA_DATA_DIR: dataDir, ANVIL_PORT: String(await freePort()) },
      (output) => output.includes('Morna is running'),
    );
    expect(run.output).toMatch(/GraphQL \(HTTP\)\s+http:\/\/127\.0\.0\.1:\d+\/graphql/);
    expect(run.output).toMatch(/Back-office \(staff\)\s+http:\/\/127\.0\.0\.1:\d+\/backoffice\//);
    expect(run.code).toBe(0);
  });
});
