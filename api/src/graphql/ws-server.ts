import type { GraphQLError, GraphQLFormattedError, GraphQLSchema, ValidationRule } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { Server } from 'node:http';
import { WebSocketServer } from 'ws';
import type { Context } from '../context';
import { documentLimits, prepareOperation } from './limits';

/** GraphQL over WebSocket (graphql-ws) on the HTTP server's `/graphql` path. */
export interface WsServer {
  /** Subscriptions started since boot (a subscription counts once the server runs it). */
  subscriptionsStarted(): number;
  dispose(): Promise<void>;
}

/**
 * Serves subscriptions (and any operation) over graphql-ws. Each operation gets its own context: its own
 * EntityManager, loaders and a fresh look at the user's roles. Documents pass the same limits as over HTTP
 * (`rules` and the checks of limits.ts), messages are capped in size, and every error leaves through
 * `formatErrors`, as over HTTP.
 */
export function startWsServer(
  httpServer: Server,
  schema: GraphQLSchema,
  contextFor: (headers: Record<string, unknown>, ip: string | null) => Promise<Context>,
  rules: ValidationRule[],
  formatErrors: (errors: readonly GraphQLError[]) => GraphQLFormattedError[],
): WsServer {
  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: documentLimits.maxMessageBytes });
  let subscriptionsStarted = 0;
  const cleanup = useServer<Record<string, unknown>, { context?: Context }>(
    {
      schema,
      context: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        const headers = { ...ctx.extra.request.headers, ...(typeof params.authorization === 'string' ? { authorization: params.authorization } : {}) };
        return contextFor(headers, ctx.extra.request.socket.remoteAddress ?? null);
      },
      onSubscribe: (_ctx, _id, payload) => prepareOperation(schema, rules, payload),
      onOperation: () => {
        subscriptionsStarted += 1;
      },
      onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: formatErrors(result.errors) } : undefined),
      onError: (_ctx, _id, _payload, errors) => formatErrors(errors),
    },
    wsServer,
  );
  return { subscriptionsStarted: () => subscriptionsStarted, dispose: async () => void (await cleanup.dispose()) };
}
