import 'reflect-metadata';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { unwrapResolverError } from '@apollo/server/errors';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/postgresql';
import express from 'express';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino, { type Logger } from 'pino';
import { WebSocketServer } from 'ws';
import type { App } from './app';
import { accessTokenFrom, resolvePrincipal } from './auth/principal';
import type { Config } from './config';
import type { Context } from './context';
import { connectAndMigrate } from './db/orm';
import { createMornaPubSub, EventRelay } from './events/event-bus';
import { jobDefinitions } from './jobs/definitions';
import { Jobs } from './jobs/jobs';
import { uploadRouter } from './modules/uploads/upload.routes';
import { buildMornaSchema } from './schema';
import { errorMessages } from './shared/errors';
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
  const pubSub = createMornaPubSub();
  const relay = new EventRelay(orm.em.fork(), databaseUrl, pubSub, log);
  await relay.start();
  const app = { config, orm, log, pubSub, relay } as App;
  app.jobs = await Jobs.start(databaseUrl, jobDefinitions(app), log);
  const schema = await buildMornaSchema(pubSub);

  const contextFor = async (headers: Record<string, unknown>, ip: string | null, res?: express.Response): Promise<Context> => {
    const em = orm.em.fork();
    const principal = await resolvePrincipal(em, accessTokenFrom(headers), config.jwtSecret);
    return { app, em, principal, loaders: new Loaders(em), requestId: randomUUID(), ip, res };
  };

  const expressApp = express();
  expressApp.disable('x-powered-by');
  const httpServer = createServer(expressApp);
  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql' });
  let subscriptionsStarted = 0;
  const wsCleanup = useServer<Record<string, unknown>, { context?: Context }>(
    {
      schema,
      // One context per operation: its own EntityManager, loaders and a fresh look at the user's roles.
      context: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        const headers = { ...ctx.extra.request.headers, ...(typeof params.authorization === 'string' ? { authorization: params.authorization } : {}) };
        return contextFor(headers, ctx.extra.request.socket.remoteAddress ?? null);
      },
      onOperation: () => {
        subscriptionsStarted += 1;
      },
    },
    wsServer,
  );

  const drainWs: ApolloServerPlugin<Context> = {
    async serverWillStart() {
      return { drainServer: async () => void (await wsCleanup.dispose()) };
    },
  };
  const apollo = new ApolloServer<Context>({
    schema,
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), drainWs],
    formatError: (formatted, error) => formatError(formatted, error, log),
    includeStacktraceInErrorResponses: false,
  });
  await apollo.start();

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
  return { app, url, graphqlUrl: `${url}/graphql`, wsUrl: `ws://${config.host}:${port}/graphql`, subscriptionsStarted: () => subscriptionsStarted, stop };
}

/** Known refusals pass through with their code; anything unexpected is logged and masked. */
function formatError(formatted: GraphQLFormattedError, error: unknown, log: Logger): GraphQLFormattedError {
  const code = formatted.extensions?.code as string | undefined;
  if (code && code in errorMessages) {
    const en = errorMessages[code as keyof typeof errorMessages][1];
    return { ...formatted, extensions: { messageEn: en, ...formatted.extensions } };
  }
  if (code && code !== 'INTERNAL_SERVER_ERROR') return formatted;
  const original = unwrapResolverError(error);
  if (original instanceof GraphQLError && !original.originalError && code !== 'INTERNAL_SERVER_ERROR') return formatted;
  const errorId = randomUUID();
  log.error({ err: original, errorId, path: formatted.path }, 'unexpected error');
  return {
    message: 'Error interno; inténtalo de nuevo.',
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR', messageEn: 'Internal error; please retry.', errorId },
  };
}
