import 'reflect-metadata';
import { MetadataStorage } from '@mikro-orm/core';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../../api/src/db/embedded';
import { startAnvil } from '../../api/src/chain/anvil';
import { ANCHOR_ARTIFACT, writeAnchorArtifact } from '../../api/src/chain/anchor-contract';
import { connectAndMigrate } from '../../api/src/db/orm';
import { seedDemoData } from '../../api/src/seed/demo';
import { adminQuery, freePort, TEMPLATE_DATABASE, testDatabaseUrl } from './test-database';

/**
 * Once per `npm test`: a real PostgreSQL (embedded unless TEST_DATABASE_URL names a server), and a template
 * database with every migration applied and the staff + parameters seed; each test file clones it.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.TEST_DATABASE_URL) {
    process.env.MORNA_TEST_SERVER_URL = process.env.TEST_DATABASE_URL;
  } else {
    // A server of its own per run (initdb takes well under a second): runs never share state or ports.
    const dataDir = mkdtempSync(join(tmpdir(), 'morna-test-pg-'));
    const server = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'postgres' });
    process.env.MORNA_TEST_SERVER_URL = server.url;
    (globalThis as { __mornaTestServer?: { stop(): Promise<void>; dataDir: string } }).__mornaTestServer = { stop: server.stop, dataDir };
  }
  await adminQuery(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
  await adminQuery(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  const orm = await connectAndMigrate(testDatabaseUrl(TEMPLATE_DATABASE));
  try {
    await seedDemoData(orm.em.fork(), { customers: false });
  } finally {
    await orm.close(true);
    // A single test file runs in this process: leave no entity metadata behind for the test sandbox
    // (MikroORM keeps it on globalThis; see mikro-orm#3783).
    MetadataStorage.clear();
    delete (globalThis as Record<string, unknown>)['mikro-orm-metadata'];
  }
  process.env.MORNA_DATA_DIR = mkdtempSync(join(tmpdir(), 'morna-test-data-'));
  // One anvil node per run (issue 9); each test file that anchors deploys its own contract from its own account.
  const chain = await startAnvil({ port: await freePort() });
  process.env.MORNA_TEST_CHAIN_URL = chain.url;
  (globalThis as { __mornaTestChain?: { stop(): Promise<void> } }).__mornaTestChain = chain;
  // Compiled once here when no build wrote the artifact, rather than in every test file.
  if (!existsSync(ANCHOR_ARTIFACT)) writeAnchorArtifact();
}
