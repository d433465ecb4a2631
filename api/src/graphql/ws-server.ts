import { GraphQLError, type GraphQLFormattedError, type GraphQLSchema, type ValidationRule } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { App } from '../app';
import { accessTokenFrom } from '../auth/principal';
import type { Context } from '../context';
import { isSameOrigin } from '../http/same-origin';
import { DomainError } from '../shared/errors';
import { FanoutExecutor } from './fanout';
import { documentLimits, prepareOperation, ValidDocuments } from './limits';
import { WsCloseCode, WsSession } from './ws-session';

/** GraphQL over WebSocket (graphql-ws) on the HTTP server's `/graphql` path. */
export interface WsServer {
  dispose(): Promise<void>;
}

type Extra = {
  socket: WebSocket;
  request: IncomingMessage;
  session?: WsSession;
};

/** Counts open connections per key (user id, IP address) against a cap. */
class Slots {
  private readonly open = new Map<string, number>();
  constructor(private readonly max: number) {}
  has(key: string): boolean {
    return (this.open.get(key) ?? 0) < this.max;
  }
  take(key: string): void {
    this.open.set(key, (this.open.get(key) ?? 0) + 1);
  }
  release(key: string): void {
    const left = (this.open.get(key) ?? 1) - 1;
    if (left > 0) this.open.set(key, left);
    else this.open.delete(key);
  }
}

/**
 * Serves subscriptions (and any operation) over graphql-ws. A browser's Origin must be this host (the portal)
 * or one of the other apps' (`APP_ORIGINS`); an IP holds at most `WS_MAX_CONNECTIONS_PER_IP` sockets (both refused at the upgrade,
 * 403/429). `connection_init` must carry a valid access token (`authorization: Bearer …` in the params, or
 * the cookie), else the socket closes with 4401; a user holds at most `WS_MAX_CONNECTIONS_PER_USER`
 * sockets (4429) and a socket at most `WS_MAX_SUBSCRIPTIONS_PER_CONNECTION` operations
 * (TOO_MANY_SUBSCRIPTIONS). Each operation gets its own context and a fresh look at the user's roles.
 * Documents pass the same limits as over HTTP (`limits.rules` and the checks of limits.ts), messages are
 * capped in size, and every error leaves through `formatErrors`, as over HTTP. `ipOf` tells the client's
 * address as Express does (`TRUST_PROXY`). An unexpected failure while the connection is set up closes it
 * with 4500 and `Internal error <errorId>` (logged under that id); one while an operation's context is read
 * answers that operation with INTERNAL_SERVER_ERROR and keeps the socket. Subscribers alike in document,
 * variables and visibility share one execution per event (`FanoutExecutor`).
 */
export function startWsServer(
  httpServer: Server,
  schema: GraphQLSchema,
  app: App,
  contextFor: (session: WsSession, ip: string | null) => Promise<Context>,
  limits: { rules: ValidationRule[]; maxCost: number },
  formatErrors: (errors: readonly GraphQLError[]) => GraphQLFormattedError[],
  ipOf: (request: IncomingMessage) => string,
): WsServer {
  const { config } = app;
  const origins = new Set(config.appOrigins);
  const perIp = new Slots(config.wsMaxConnectionsPerIp);
  const perUser = new Slots(config.wsMaxConnectionsPerUser);
  const wsServer = new WebSocketServer({
    noServer: true,
    maxPayload: documentLimits.maxMessageBytes,
    // Called synchronously, and the connection event follows synchronously: the per-IP count cannot be raced.
    verifyClient: (info, done) => {
      if (info.origin && !origins.has(info.origin) && !isSameOrigin(info.origin, info.req.headers.host)) return done(false, 403, 'Origin not allowed');
      if (!perIp.has(ipOf(info.req))) return done(false, 429, 'Too many connections');
      done(true);
    },
  });
  // Upgrades are routed here rather than by `server:`, so the HTTP server's own errors (a busy port) stay its own.
  httpServer.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (new URL(request.url ?? '/', 'http://morna').pathname !== '/graphql') return void socket.destroy();
    wsServer.handleUpgrade(request, socket, head, (ws) => wsServer.emit('connection', ws, request));
  });
  wsServer.on('connection', (socket, request) => {
    const ip = ipOf(request);
    perIp.take(ip);
    socket.once('close', () => perIp.release(ip));
  });
  // One event is resolved once per group of alike subscribers, not once per subscriber (see FanoutExecutor).
  const fanout = new FanoutExecutor();
  const documents = new ValidDocuments();
  const cleanup = useServer<Record<string, unknown>, Extra>(
    {
      schema,
      subscribe: (args) => fanout.subscribe(args),
      onConnect: async (ctx) => {
        const { socket, request } = ctx.extra;
        const params = ctx.connectionParams ?? {};
        // The token of connection_init's `authorization` param, else the cookie of the upgrade request.
        const token = accessTokenFrom({ ...request.headers, ...(typeof params.authorization === 'string' ? { authorization: params.authorization } : {}) });
        let session: WsSession | null;
        try {
          session = token ? await WsSession.open(app, token, (code, reason) => socket.close(code, reason)) : null;
        } catch (err) {
          // Never the raw message (it may hold SQL) as the close reason: an id to find it in the logs.
          const errorId = randomUUID();
          app.log.error({ err, errorId }, 'WebSocket connection_init failed');
          socket.close(WsCloseCode.InternalError, `Internal error ${errorId}`);
          return false;
        }
        // Closed while the token was checked: graphql-ws already ran onClose, which had no session to release.
        if (socket.readyState !== socket.OPEN) {
          session?.end();
          return false;
        }
        if (!session) {
          // Every operation served over WebSocket today needs a principal.
          socket.close(WsCloseCode.Unauthorized, 'Unauthorized');
          return false;
        }
        if (!perUser.has(session.userId)) {
          session.end();
          socket.close(WsCloseCode.TooManyConnections, 'Too many connections');
          return false;
        }
        perUser.take(session.userId);
        ctx.extra.session = session;
        return true;
      },
      onClose: (ctx) => {
        const { session } = ctx.extra;
        if (!session) return;
        session.end();
        perUser.release(session.userId);
      },
      onSubscribe: async (ctx, _id, payload) => {
        if (Object.keys(ctx.subscriptions).length > config.wsMaxSubscriptionsPerConnection) {
          return [new DomainError('TOO_MANY_SUBSCRIPTIONS', { limit: config.wsMaxSubscriptionsPerConnection })];
        }
        const prepared = prepareOperation(schema, limits.rules, payload, limits.maxCost, documents);
        if (Array.isArray(prepared)) return prepared;
        try {
          // onConnect refused every connection without a session.
          return { ...prepared, contextValue: await contextFor(ctx.extra.session!, ipOf(ctx.extra.request)) };
        } catch (err) {
          // A database fault while reading the principal: formatErrors logs it with an errorId and masks it.
          return [new GraphQLError(err instanceof Error ? err.message : String(err), { originalError: err instanceof Error ? err : undefined })];
        }
      },
      onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: formatErrors(result.errors) } : undefined),
      onError: (_ctx, _id, _payload, errors) => formatErrors(errors),
    },
    wsServer,
  );
  return { dispose: async () => void (await cleanup.dispose()) };
}
