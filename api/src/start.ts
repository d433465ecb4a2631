// First: tracing instruments the modules the imports below load.
import { tracing } from './observability/tracing-entry';
import { join } from 'node:path';
import pino from 'pino';
import { loadConfig } from './config';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded';
import { startAnvil, type LocalChain } from './chain/anvil';
import { startApi, type RunningApi } from './main';
import { loadBackoffice } from './backoffice';
import { loadPortal } from './portal';
import { demoSignIns, seedDemoData } from './seed/demo';
import { playSupportChatStory } from './seed/demo-support-chat';
import { playDemoStory } from './seed/demo-story';

/**
 * `npm start`: with no DATABASE_URL, an embedded PostgreSQL whose data stays in .data/postgres; with no
 * CHAIN_RPC_URL, a local anvil node whose chain stays in .data/anvil/state.json (anchors survive a restart); then
 * migrations, demo data and its story (once), and the API with the built back-office at `/backoffice/` and portal at `/`. Ctrl-C stops everything cleanly.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = pino({ level: config.logLevel, transport: process.stdout.isTTY ? { target: 'pino-pretty' } : undefined });
  // A promise nobody awaited failed (e.g. inside a library when the database drops): log it, keep serving.
  process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled promise rejection'));
  const portal = await loadPortal(config);
  const backoffice = loadBackoffice();
  let embedded: EmbeddedDatabase | undefined;
  let anvil: LocalChain | undefined;
  let api: RunningApi | undefined;
  let stopping = false;
  // Registered before anything starts: Ctrl-C during migrations or seeding still stops the database.
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    // Ctrl-C also reaches the embedded PostgreSQL, which closes our idle connections while we drain:
    // the errors that follow are expected, so only fatal ones are worth printing now.
    if (embedded) log.level = 'fatal';
    let code = 0;
    try {
      await api?.stop();
    } catch (err) {
      console.error('stopping the API failed:', err);
      code = 1;
    } finally {
      await embedded?.stop().catch((err: unknown) => console.error('stopping PostgreSQL failed:', err));
      await anvil?.stop().catch((err: unknown) => console.error('stopping anvil failed:', err));
      // Spans still batched are sent before the process ends.
      await tracing?.shutdown().catch((err: unknown) => console.error('flushing traces failed:', err));
      process.exit(code);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    log.info('starting embedded PostgreSQL (data in %s)', join(config.dataDir, 'postgres'));
    embedded = await startEmbeddedPostgres({ dataDir: join(config.dataDir, 'postgres'), port: config.embeddedPostgresPort, database: 'morna', sharedBuffersMb: config.embeddedPostgresSharedBuffersMb });
    databaseUrl = embedded.url;
  }
  if (!config.chain.rpcUrl) {
    const stateFile = join(config.dataDir, 'anvil', 'state.json');
    log.info('starting local anvil (chain state in %s)', stateFile);
    anvil = await startAnvil({ port: config.anvilPort, stateFile }).catch(async (err: Error) => {
      await embedded?.stop();
      if (/address already in use/i.test(err.message))
        throw new Error(`The local chain cannot listen on 127.0.0.1:${config.anvilPort}: the port is in use (is another instance running?). Set ANVIL_PORT to use another port, or CHAIN_RPC_URL to use a running node.`);
      throw err;
    });
    config.chain.rpcUrl = anvil.url;
  }
  api = await startApi(config, databaseUrl, log, { portal, backoffice }).catch(async (err) => {
    await embedded?.stop();
    await anvil?.stop();
    throw err;
  });
  const seeded = await seedDemoData(api.app.orm.em.fork());
  if (seeded) await playDemoStory(api.graphqlUrl);
  // Support chat (issue 10).
  if (seeded) await playSupportChatStory(api.graphqlUrl);
  const lines = [
    '',
    'Morna is running',
    `  Customer portal      ${api.url}/`,
    `  Back-office (staff)  ${api.url}/backoffice/`,
    `  GraphQL (HTTP)       ${api.graphqlUrl}`,
    `  GraphQL (WebSocket)  ${api.wsUrl}`,
    `  Health               ${api.url}/health`,
    `  Database             ${embedded ? `embedded PostgreSQL on port ${config.embeddedPostgresPort}` : 'DATABASE_URL'}`,
    `  Chain (JSON-RPC)     ${anvil ? `${anvil.url} (local anvil)` : config.chain.rpcUrl}`,
    seeded ? '  Demo data            loaded now' : '  Demo data            already present',
    '  Demo sign-ins (username / password):',
    ...demoSignIns.map((s) => `    ${s.role.padEnd(18)} ${s.username.padEnd(14)} ${s.password}`),
    '',
  ];
  console.log(lines.join('\n'));
}

main().catch((err: NodeJS.ErrnoException & { address?: string; port?: number }) => {
  if (err?.syscall === 'listen' && (err.code === 'EADDRINUSE' || err.code === 'EACCES')) {
    const why = err.code === 'EADDRINUSE' ? 'the address is in use (is another instance running?)' : 'permission denied';
    console.error(`Morna cannot listen on ${err.address}:${err.port}: ${why}. Set PORT (and HOST) to use another address.`);
  } else {
    console.error(err);
  }
  process.exit(1);
});
