import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import type { GraphQLSchema } from 'graphql';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import type { Context } from '../context';
import { formatError } from './format-error';
import { inputGuardPlugin } from './input-guard';
import type { WsServer } from './ws-server';

/** Apollo Server for GraphQL over HTTP; stopping it drains HTTP requests and the WebSocket server. */
export async function startApollo(schema: GraphQLSchema, httpServer: Server, ws: WsServer, log: Logger): Promise<ApolloServer<Context>> {
  const drainWs: ApolloServerPlugin<Context> = {
    async serverWillStart() {
      return { drainServer: () => ws.dispose() };
    },
  };
  const apollo = new ApolloServer<Context>({
    schema,
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), drainWs, inputGuardPlugin()],
    formatError: (formatted, error) => formatError(formatted, error, log),
    includeStacktraceInErrorResponses: false,
  });
  await apollo.start();
  return apollo;
}
