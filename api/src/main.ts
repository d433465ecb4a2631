import 'reflect-metadata';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/postgresql';
import express, { type RequestHandler } from 'express';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { stripVTControlCharacters } from 'node:util';
import proxyAddr from 'proxy-addr';
import pino, { type Logger } from 'pino';
import type { App } from './app';
import { accessTokenFrom } from './auth/principal';
import { PrincipalCache } from './auth/principal-cache';
import type { Config } from './config';
import type { Context } from './context';
import { connectAndMigrate, statementTimeout } from './db/orm';
import type { ApolloServer } from '@apollo/server';
import { startApollo } from './graphql/apollo';
import { formatErrors } from './graphql/format-error';
import { documentLimits, limitRules, tokenLimit } from './graphql/limits';
import { applyTimeBudget } from './graphql/time-budget';
import { wsOperationContext } from './graphql/ws-context';
import { startWsServer } from './graphql/ws-server';
import { TrustedDocuments, trustedDocumentsHandler } from './graphql/trusted-documents';
import { jsonErrors, notFound, requireJsonBody } from './http/errors';
import { apiPaths, securityHeaders } from './http/security';
import { BACKOFFICE_PATH } from './backoffice';
import type { PortalMount } from './portal';
import type { WsSession } from './graphql/ws-session';
import { EventHub } from './events/event-hub';
import { EventRelay } from './events/event-relay';
import { jobDefinitions } from './jobs/definitions';
import { Jobs } from './jobs/jobs';
import { PasswordHasher } from './modules/identity/passwords';
import { Throttle } from './modules/identity/throttle';
import { uploadRouter } from './modules/uploads/upload.routes';
import { apiKeyGate, keyPrincipalOf } from './modules/api-keys/api-key.http';
import { looksLikeKey } from './modules/api-keys/api-key.rules';
import { buildMornaSchema } from './schema';
import { WebhookDispatcher } from './modules/webhooks/webhook-dispatcher';
import { ChatTyping } from './modules/support-chat/chat-typing';
import { ChainGateway } from './chain/chain-gateway';
import { Anchorer } from './modules/traceability/anchoring.service';
import { traceBundleRouter } from './modules/traceability/trace.routes';
import { traceLabelRouter } from './modules/traceability/unit-label.routes';
import { Loaders } from './shared/loaders';
import { countErrors, graphqlMetricsPlugin } from './observability/graphql-metrics';
import { httpMetrics } from './observability/http-metrics';
import { Metrics } from './observability/metrics';
import { metricsRoute } from './observability/metrics-route';
import { firstPartyOperationNames, operationLabel } from './observability/operation-names';
import { currentRequest, requestScope, resumeRequestScope, scopeOf } from './observability/request-scope';
import { poolUsage, timeSqlStatements } from './observability/sql-metrics';
import { repoRoot } from './config';

/** A running API instance. */
export interface RunningApi {
  app: App;
  /** e.g. http://127.0.0.1:4000 */
  url: string;
  graphqlUrl: string;
  wsUrl: string;
  /** Subscriptions listening since boot: one counts once it is attached to the event hub, so no later event can pass it by. */
  subscriptionsStarted(): number;
  stop(): Promise<void>;
}

/** Binds the port; rejects (EADDRINUSE, EACCES…) instead of leaving an `error` event unheard. */
function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** What else the API's Express app serves. */
export interface ApiOptions {
  /** The customer portal at `/` (after the API's own paths); `npm start` passes the built one. */
  portal?: PortalMount;
  /** The staff back-office at `/backoffice/` (before the portal); `npm start` passes the built one. */
  backoffice?: RequestHandler;
}

/**
 * Connects to `databaseUrl` (applying pending migrations) and serves GraphQL over HTTP and WebSocket on one
 * port at `/graphql`, uploads at `/uploads`, and `/health`, the back-office at `/backoffice/` and the portal
 * at every other path when given.
 * The event relay and job workers start only once the port is ours, and requests wait for them; if anything
 * fails the promise rejects with everything closed.
 */
export async function startApi(config: Config, databaseUrl: string, log: Logger = pino({ level: config.logLevel }), options: ApiOptions = {}): Promise<RunningApi> {
  const orm: MikroORM = await connectAndMigrate(databaseUrl, { ...statementTimeout(config.graphql.timeBudgetMs), pool: { min: 0, max: config.databasePoolMax } }, (line) =>
    log.info(stripVTControlCharacters(line)),
  );
  const hub = new EventHub();
  const relay = new EventRelay(orm.em.fork(), databaseUrl, hub, log, config.eventPollSeconds * 1000);
  const throttle = new Throttle(orm.em.getConnection().getKnex(), new Set(config.throttleExemptIps));
  const passwords = new PasswordHasher(config.passwordHashConcurrency, config.passwordHashQueue);
  const principals = new PrincipalCache(databaseUrl, config.principalCacheSeconds * 1000, log);
  const app = { config, orm, log, hub, relay, throttle, passwords, principals } as App;
  // Metrics: probes read the parts of this instance when Prometheus scrapes (ws and jobs once they exist).
  const knex = orm.em.getConnection().getKnex();
  let ws: ReturnType<typeof startWsServer> | undefined;
  app.metrics = new Metrics({
    dbPool: () => poolUsage(knex),
    webSocketConnections: () => ws?.connections() ?? 0,
    subscriptions: () => hub.listening,
    relayBacklog: () => relay.backlog(),
    jobQueueDepths: async () => (app.jobs ? app.jobs.queueDepths() : {}),
  });
  timeSqlStatements(knex, app.metrics);
  relay.observeLag = (seconds) => app.metrics.relayLag.observe(seconds);
  const knownOperations = firstPartyOperationNames(repoRoot);
  // Webhooks: woken shortly after the relay published events, and by its own timer for retries.
  app.webhooks = new WebhookDispatcher(app);
  relay.onPublished(() => app.webhooks.eventsPublished());
  // Support chat (issue 10): typing indicators between instances.
  app.chatTyping = new ChatTyping(databaseUrl, log);
  // Traceability (issue 9): the anchoring outbox on the configured chain.
  app.anchorer = new Anchorer(app, new ChainGateway(config.chain));
  let markReady!: () => void;
  let failStart!: (err: unknown) => void;
  // Requests that arrive between listen and the end of start-up wait here, or fail with a failed start.
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    failStart = reject;
  });
  ready.catch(() => undefined);
  let apollo: ApolloServer<Context> | undefined;
  try {
    const schema = applyTimeBudget(await buildMornaSchema(), config.graphql.timeBudgetMs);
    // The first-party apps' documents by id (persisted queries); see graphql/trusted-documents.ts.
    const trustedDocuments = TrustedDocuments.load(config.trustedDocuments.manifests, config.trustedDocuments.enforce);
    log.info({ documents: trustedDocuments.size, enforce: config.trustedDocuments.enforce }, 'trusted documents loaded');

    const contextFor = async (headers: Record<string, unknown>, ip: string | null, res?: express.Response): Promise<Context> => {
      await ready;
      const em = orm.em.fork();
      // A keyed request is its key's alone (apiKeyGate); elsewhere a key is never taken as an access token.
      const keyed = res ? keyPrincipalOf(res.locals) : undefined;
      const token = accessTokenFrom(headers);
      const principal = keyed !== undefined ? keyed : token && !looksLikeKey(token) ? await principals.principalFor(em, token, config.jwtSecret) : null;
      return { app, em, principal, loaders: new Loaders(em), requestId: currentRequest()?.requestId ?? randomUUID(), ip, res };
    };
    const wsContextFor = async (session: WsSession | null, ip: string | null): Promise<Context> => {
      await ready;
      // No session: an anonymous socket running a public subscription (see startWsServer).
      if (!session) return wsOperationContext(app, { principal: null, requestId: randomUUID(), ip });
      return wsOperationContext(app, { principal: await session.current(), session, requestId: randomUUID(), ip });
    };

    // Known once the port is bound; the portal (which calls this API over HTTP) reads it per request.
    let url = '';
    app.portalUrl = () => config.publicPortalUrl ?? url;
    const expressApp = express();
    expressApp.disable('x-powered-by');
    // First: every request gets its id (and a logger naming it) and is counted, whatever answers it.
    expressApp.use(requestScope(log), httpMetrics(app.metrics));
    expressApp.use(securityHeaders({ ...config.graphql, pages: Boolean(options.portal || options.backoffice) }));
    // Behind a reverse proxy, req.ip (the key of per-IP throttles) must come from X-Forwarded-For.
    expressApp.set('trust proxy', config.trustProxy);
    const httpServer = createServer(expressApp);
    const limits = { rules: limitRules(config.graphql), maxCost: config.graphql.maxCost };
    const ipOf = (request: IncomingMessage) => proxyAddr(request, expressApp.get('trust proxy fn'));
    ws = startWsServer(httpServer, schema, app, wsContextFor, limits, (errors, requestId) => {
      const formatted = formatErrors(errors, log, { ...config.graphql, requestId });
      countErrors(app.metrics, formatted);
      return formatted;
    }, ipOf, trustedDocuments, (name, type) => app.metrics.graphqlOperations.inc({ operation: operationLabel(name, knownOperations), type }));
    const server = await startApollo(schema, httpServer, ws, config, log, graphqlMetricsPlugin(app.metrics, knownOperations));
    apollo = server;

    expressApp.get('/health', async (_req, res) => {
      const requestLog = scopeOf(res)?.log ?? log;
      try {
        await orm.em.fork().getConnection().execute('SELECT 1');
      } catch (err) {
        requestLog.warn({ err }, 'health check failed');
        res.status(503).json({ status: 'degraded', database: 'down' });
        return;
      }
      // The chain is reported but does not degrade the API: anchoring waits in its outbox while it is down.
      const chain = await app.anchorer.gateway.health();
      res.json({ status: 'ok', database: 'up', chain });
    });
    expressApp.get('/metrics', metricsRoute(app.metrics, config.metrics));
    expressApp.use('/trace', traceBundleRouter(app, (req) => contextFor(req.headers, req.ip ?? null)));
    expressApp.use('/trace', traceLabelRouter(app, (req) => contextFor(req.headers, req.ip ?? null)));
    expressApp.use('/uploads', uploadRouter(app, (req) => contextFor(req.headers, req.ip ?? null)));
    expressApp.use(
      '/graphql',
      apiKeyGate(app),
      express.json({ limit: documentLimits.maxMessageBytes }),
      requireJsonBody,
      resumeRequestScope,
      trustedDocumentsHandler(trustedDocuments, config),
      tokenLimit,
      expressMiddleware(apollo, { context: async ({ req, res }) => contextFor(req.headers, req.ip ?? null, res) }),
    );
    // Unknown API paths keep the JSON 404; /backoffice/ is the back-office's; every other path is the
    // portal's (a catch-all with its own 404 page).
    expressApp.use(apiPaths, notFound);
    if (options.backoffice) expressApp.use(BACKOFFICE_PATH, options.backoffice);
    if (options.portal) expressApp.use(options.portal(() => url));
    expressApp.use(notFound);
    expressApp.use(jsonErrors(log));

    await listen(httpServer, config.port, config.host);
    await relay.start();
    await principals.start();
    await app.chatTyping.start();
    app.jobs = await Jobs.start(databaseUrl, jobDefinitions(app), log);
    app.webhooks.start();
    app.anchorer.start();
    markReady();
    const { port } = httpServer.address() as AddressInfo;
    url = `http://${config.host}:${port}`;

    let stopping: Promise<void> | undefined;
    const stop = () =>
      (stopping ??= (async () => {
        // Ctrl-C reaches an embedded PostgreSQL too, so stop everything that polls it before draining.
        await relay.stop();
        await app.webhooks.stop();
        await app.anchorer.stop();
        await principals.stop();
        await app.chatTyping.stop();
        await app.jobs.stop();
        await server.stop();
        await orm.close(true);
      })());
    return { app, url, graphqlUrl: `${url}/graphql`, wsUrl: `ws://${config.host}:${port}/graphql`, subscriptionsStarted: () => hub.attached, stop };
  } catch (err) {
    failStart(err);
    await relay.stop();
    await app.webhooks.stop();
    await app.anchorer.stop();
    await principals.stop();
    await app.chatTyping.stop();
    await app.jobs?.stop();
    await apollo?.stop().catch(() => undefined);
    await orm.close(true);
    throw err;
  }
}
