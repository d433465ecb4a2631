import 'reflect-metadata';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/postgresql';
import express from 'express';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino, { type Logger } from 'pino';
import type { App } from './app';
import { accessTokenFrom, resolvePrincipal } from './auth/principal';
import type { Config } from './config';
import type { Context } from './context';
import { connectAndMigrate } from './db/orm';
import { startApollo } from './graphql/apollo';
import { startWsServer } from './graphql/ws-server';
import type { WsSession } from './graphql/ws-session';
import { EventHub } from './events/event-hub';
import { EventRelay } from './events/event-relay';
import { jobDefinitions } from './jobs/definitions';
import { Jobs } from './jobs/jobs';
import { uploadRouter } from './modules/uploads/upload.routes';
import { buildMornaSchema } from './schema';
import { Loaders } from './shared/loaders';

/** A running API instance. */
export interface RunningApi {
  app: App;
  /** e.g. http://127.0.0.1:4000 */
  url: string;
  graphqlUrl: string;
  wsUrl: string;
  /** Subscriptions started since boot (a subscription counts once the server runs it). */
  subscriptionsStarted(): number;
  stop(): Promise<void>;
}

/**
 * Connects to `databaseUrl` (applying pending migrations), starts the event relay and job workers, and
 * serves GraphQL over HTTP and WebSocket on one port at `/graphql`, uploads at `/uploads`, and `/health`.
 */
export async function startApi(config: Config, databaseUrl: string, log: Logger = pino({ level: config.logLevel })): Promise<RunningApi> {
  const orm: MikroORM = await connectAndMigrate(databaseUrl);
  const hub = new EventHub();
  const relay = new EventRelay(orm.em.fork(), databaseUrl, hub, log, config.eventPollSeconds * 1000);
  await relay.start();
  const app = { config, orm, log, hub, relay } as App;
  app.jobs = await Jobs.start(databaseUrl, jobDefinitions(app), log);
  const schema = await buildMornaSchema();

  const contextFor = async (headers: Record<string, unknown>, ip: string | null, res?: express.Response): Promise<Context> => {
    const em = orm.em.fork();
    const principal = await resolvePrincipal(em, accessTokenFrom(headers), config.jwtSecret);
    return { app, em, principal, loaders: new Loaders(em), requestId: randomUUID(), ip, res };
  };
  const wsContextFor = async (session: WsSession, ip: string | null): Promise<Context> => {
    const em = orm.em.fork();
    return { app, em, principal: await session.current(), session, loaders: new Loaders(em), requestId: randomUUID(), ip };
  };

  const expressApp = express();
  expressApp.disable('x-powered-by');
  const httpServer = createServer(expressApp);
  const ws = startWsServer(httpServer, schema, app, wsContextFor);
  const apollo = await startApollo(schema, httpServer, ws, log);

  expressApp.get('/health', async (_req, res) => {
    try {
      await orm.em.fork().getConnection().execute('SELECT 1');
      res.json({ status: 'ok', database: 'up' });
    } catch (err) {
      log.warn({ err }, 'health check failed');
      res.status(503).json({ status: 'degraded', database: 'down' });
    }
  });
  expressApp.use('/uploads', uploadRouter(app, (req) => contextFor(req.headers, req.ip ?? null)));
  expressApp.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, { context: async ({ req, res }) => contextFor(req.headers, req.ip ?? null, res) }),
  );

  await new Promise<void>((resolve) => httpServer.listen(config.port, config.host, resolve));
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://${config.host}:${port}`;

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      // Ctrl-C reaches an embedded PostgreSQL too, so stop everything that polls it before draining.
      await relay.stop();
      await app.jobs.stop();
      await apollo.stop();
      await orm.close(true);
    })());
  return { app, url, graphqlUrl: `${url}/graphql`, wsUrl: `ws://${config.host}:${port}/graphql`, subscriptionsStarted: ws.subscriptionsStarted, stop };
}
