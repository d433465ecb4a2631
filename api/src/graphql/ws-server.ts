import { GraphQLError, getOperationAST, type GraphQLFormattedError, type GraphQLSchema, type ValidationRule } from 'graphql';
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
import { LiveDelivery } from './live-delivery';
import { documentLimits, prepareOperation, ValidDocuments } from './limits';
import { isFirstParty } from './trusted-documents';
import { decideDocument, type DocumentsById } from './trusted-documents.rules';
import { WsCloseCode, WsSession } from './ws-session';
import { PUBLIC_SUBSCRIPTION_FIELDS } from '../modules/traceability/trace.stream';

/** GraphQL over WebSocket (graphql-ws) on the HTTP server's `/graphql` path. */
export interface WsServer {
  dispose(): Promise<void>;
  /** Sockets open now. */
  connections(): number;
}

type Extra = {
  socket: WebSocket;
  request: IncomingMessage;
  session?: WsSession;
  /** Signed in with the session cookie or opened from a first-party origin (see `isFirstParty`), not with a bearer in connection_init. */
  firstParty?: boolean;
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
 * the cookie) or API key (`authorization: Bearer mk_live_…` or `x-api-key`), else the socket closes with 4401 —
 * except a connection with no credentials at all, which may run the public subscriptions
 * (`PUBLIC_SUBSCRIPTION_FIELDS`) and is closed with 4401 when it asks for anything else; a user holds at most `WS_MAX_CONNECTIONS_PER_USER`
 * sockets (4429) and a socket at most `WS_MAX_SUBSCRIPTIONS_PER_CONNECTION` operations
 * (TOO_MANY_SUBSCRIPTIONS). Each operation gets its own context and a fresh look at the user's roles.
 * Documents pass the same limits as over HTTP (`limits.rules` and the checks of limits.ts), messages are
 * capped in size, and every error leaves through `formatErrors`, as over HTTP. `ipOf` tells the client's
 * address as Express does (`TRUST_PROXY`). An unexpected failure while the connection is set up closes it
 * with 4500 and `Internal error <errorId>` (logged under that id); one while an operation's context is read
 * answers that operation with INTERNAL_SERVER_ERROR and keeps the socket. An operation may name a trusted
 * document instead of its text, and one on a first-party connection must while enforcement is on
 * (`decideDocument`). `onOperation` hears each operation that passed the limits (name and type, for
 * metrics); errors of a running operation carry its request id. Subscribers alike in document,
 * variables and visibility share one execution per event (`FanoutExecutor`); live subscriptions of signed-in
 * connections are delivered straight to their sockets, once per event for all (`LiveDelivery`).
 */
export function startWsServer(
  httpServer: Server,
  schema: GraphQLSchema,
  app: App,
  contextFor: (session: WsSession | null, ip: string | null) => Promise<Context>,
  limits: { rules: ValidationRule[]; maxCost: number },
  formatErrors: (errors: readonly GraphQLError[], requestId?: string) => GraphQLFormattedError[],
  ipOf: (request: IncomingMessage) => string,
  documents: DocumentsById,
  onOperation: (operationName: string | null | undefined, type: string) => void = () => undefined,
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
  // Live subscriptions take their events from it, straight to their sockets (see LiveDelivery).
  const live = new LiveDelivery(fanout, formatErrors);
  const validDocuments = new ValidDocuments();
  const cleanup = useServer<Record<string, unknown>, Extra>(
    {
      schema,
      subscribe: (args) => fanout.subscribe(args),
      onConnect: async (ctx) => {
        const { socket, request } = ctx.extra;
        const params = ctx.connectionParams ?? {};
        // The token or API key of connection_init's `authorization` (or `x-api-key`) param, else the cookie of the upgrade request.
        const keyParam = typeof params['x-api-key'] === 'string' ? `Bearer ${params['x-api-key']}` : undefined;
        const authorization = keyParam ?? (typeof params.authorization === 'string' ? params.authorization : undefined);
        const token = accessTokenFrom({ ...request.headers, ...(authorization ? { authorization } : {}) });
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
          // A connection with no credentials at all may hold only the public subscriptions (onSubscribe);
          // a token or key that does not check out is refused here.
          if (token) {
            socket.close(WsCloseCode.Unauthorized, 'Unauthorized');
            return false;
          }
          ctx.extra.firstParty = isFirstParty(request.headers, config.appOrigins);
          return true;
        }
        if (!perUser.has(session.slot)) {
          session.end();
          socket.close(WsCloseCode.TooManyConnections, 'Too many connections');
          return false;
        }
        perUser.take(session.slot);
        ctx.extra.session = session;
        ctx.extra.firstParty = typeof params.authorization !== 'string' || isFirstParty(request.headers, config.appOrigins);
        return true;
      },
      onClose: (ctx) => {
        const { session } = ctx.extra;
        if (!session) return;
        session.end();
        perUser.release(session.slot);
      },
      onSubscribe: async (ctx, id, payload) => {
        if (Object.keys(ctx.subscriptions).length > config.wsMaxSubscriptionsPerConnection) {
          return [new DomainError('TOO_MANY_SUBSCRIPTIONS', { limit: config.wsMaxSubscriptionsPerConnection })];
        }
        // The first-party apps subscribe by document id (`extensions.persistedQuery.sha256Hash`, query '').
        const decision = decideDocument(documents, payload, ctx.extra.firstParty === true, config.trustedDocuments.enforce);
        if ('refuse' in decision) return [new DomainError(decision.refuse, { field: decision.field })];
        const prepared = prepareOperation(schema, limits.rules, { ...payload, query: decision.run }, limits.maxCost, validDocuments);
        if (Array.isArray(prepared)) return prepared;
        const operation = getOperationAST(prepared.document, payload.operationName);
        onOperation(payload.operationName, operation?.operation ?? 'unknown');
        if (!ctx.extra.session) {
          // Without credentials: public subscriptions only (a unit's trace page); anything else closes the socket as before.
          const fields = operation?.operation === 'subscription' ? operation.selectionSet.selections.map((s) => (s.kind === 'Field' ? s.name.value : '')) : [];
          if (fields.length === 0 || !fields.every((f) => PUBLIC_SUBSCRIPTION_FIELDS.has(f))) {
            ctx.extra.socket.close(WsCloseCode.Unauthorized, 'Unauthorized');
            return [new DomainError('UNAUTHENTICATED')];
          }
          return { ...prepared, contextValue: await contextFor(null, ipOf(ctx.extra.request)) };
        }
        try {
          const limited = await ctx.extra.session!.meter(ipOf(ctx.extra.request));
          if (limited) return [limited];
          // onConnect refused every connection without a session.
          const args = { ...prepared, contextValue: await contextFor(ctx.extra.session!, ipOf(ctx.extra.request)) };
          if (operation?.operation === 'subscription') args.contextValue.live = live.channel(args, fanout.operationOf(args), id, ctx.extra.socket, ctx.extra.session!);
          return args;
        } catch (err) {
          // A database fault while reading the principal: formatErrors logs it with an errorId and masks it.
          return [new GraphQLError(err instanceof Error ? err.message : String(err), { originalError: err instanceof Error ? err : undefined })];
        }
      },
      onNext: (_ctx, _id, _payload, args, result) => (result.errors ? { ...result, errors: formatErrors(result.errors, (args.contextValue as Context).requestId) } : undefined),
      onError: (_ctx, _id, _payload, errors) => formatErrors(errors),
    },
    wsServer,
  );
  return { dispose: async () => void (await cleanup.dispose()), connections: () => wsServer.clients.size };
}
