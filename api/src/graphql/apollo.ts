import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { GraphQLSchema } from 'graphql';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Context } from '../context';
import { currentRequest } from '../observability/request-scope';
import { formatError } from './format-error';
import { inputGuardPlugin } from './input-guard';
import { compiledGateway } from './compiled-queries';
import { checkCost, limitRules } from './limits';
import type { WsServer } from './ws-server';

/** Refuses an operation over the cost limit once its variables are known, before any resolver runs. */
function costLimit(schema: GraphQLSchema, maxCost: number): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request, operationName }) {
          const refusal = checkCost(schema, document, request.variables, operationName, maxCost);
          if (refusal) throw refusal;
        },
      };
    },
  };
}

/**
 * Apollo Server for GraphQL over HTTP, with the document limits, the production settings of `config.graphql`,
 * CSRF prevention (Apollo's default, kept) and the `metrics` plugin; stopping it drains HTTP requests and the
 * WebSocket server. Apollo's cache-control plugin is off: no field carries `@cacheControl` and no cache sits
 * in front, yet it wraps every field resolution of every request (issue 8's profile). Queries execute through
 * `compiledGateway` (compiled-queries.ts).
 */
export async function startApollo(schema: GraphQLSchema, httpServer: Server, ws: WsServer, config: Config, log: Logger, metricsPlugin: ApolloServerPlugin<Context>): Promise<ApolloServer<Context>> {
  const drainWs: ApolloServerPlugin<Context> = {
    async serverWillStart() {
      return { drainServer: () => ws.dispose() };
    },
  };
  const { introspection, suggestions, landingPage } = config.graphql;
  const apollo = new ApolloServer<Context>({
    // Queries run compiled (graphql-jit) from their second execution; Apollo takes the schema from this gateway.
    gateway: compiledGateway(schema),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      drainWs,
      ApolloServerPluginCacheControlDisabled(),
      inputGuardPlugin(),
      costLimit(schema, config.graphql.maxCost),
      metricsPlugin,
      landingPage ? ApolloServerPluginLandingPageLocalDefault({ embed: true }) : ApolloServerPluginLandingPageDisabled(),
    ],
    validationRules: limitRules({ introspection }),
    introspection,
    csrfPrevention: true,
    // Document ids are the first-party apps' manifests (trusted-documents.ts), resolved before Apollo; no
    // caller may register a document of its own under an id.
    persistedQueries: false,
    // Apollo passes no context here: the request's id and logger come from its async scope (main.ts).
    formatError: (formatted, error) => {
      const request = currentRequest();
      return formatError(formatted, error, request?.log ?? log, { suggestions, requestId: request?.requestId });
    },
    includeStacktraceInErrorResponses: false,
  });
  await apollo.start();
  return apollo;
}
