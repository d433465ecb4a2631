import 'reflect-metadata';
import pino from 'pino';
import { ANVIL_DEV_PRIVATE_KEY } from '../../chain/anvil';
import { loadConfig } from '../../config';
import { startApi } from '../../main';
import { countStatements, serveStats, type ChildReady } from './protocol';

/**
 * Child process of `npm run bench`: the Morna API as `npm start` runs it in production (NODE_ENV, JWT_SECRET,
 * DATABASE_URL and the rest from the environment the parent gives it), with silent logs, no portal, and
 * statement counting. Reports its address, then answers the parent's stats requests.
 */
async function main(): Promise<void> {
  countStatements();
  // No chain is configured for the bench (anchoring waits in its outbox); production mode still wants a key.
  const config = loadConfig({ CHAIN_PRIVATE_KEY: ANVIL_DEV_PRIVATE_KEY, ...process.env }, { port: 0, host: '127.0.0.1', logLevel: 'silent', sweepIntervalSeconds: 3600 });
  const api = await startApi(config, process.env.DATABASE_URL!, pino({ level: 'silent' }));
  serveStats(() => api.stop(), () => api.subscriptionsStarted());
  const ready: ChildReady = { type: 'ready', url: api.url, graphqlUrl: api.graphqlUrl, wsUrl: api.wsUrl };
  process.send!(ready);
}

main().catch((err: unknown) => {
  console.error('Morna bench server failed:', err);
  process.exit(1);
});
