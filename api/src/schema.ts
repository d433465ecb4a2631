import 'reflect-metadata';
import { GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { createPubSub } from '@graphql-yoga/subscription';
import { buildSchema } from 'type-graphql';
import { authChecker } from './auth/auth-checker';
import { resolveFieldResolversDirectly, type AuthCheckerFn } from './graphql/direct-field-resolvers';
import { resolvePlainFieldsByProperty } from './graphql/plain-fields';
import { resolvers } from './resolvers';

/**
 * Builds the one schema served over HTTP and WebSocket; inputs are validated with class-validator (errors carry
 * no values); fields that only read a property resolve without type-graphql's wrapper (plain-fields.ts), and
 * field resolvers taking only root, context and info are called directly (direct-field-resolvers.ts).
 */
export async function buildMornaSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers,
    authChecker,
    authMode: 'error',
    // type-graphql demands a pubsub even though every subscription brings its own stream (`eventStream`): none uses it.
    pubSub: createPubSub(),
    // Validation errors name fields and constraints; never the values (passwords) or the input object.
    validate: { forbidUnknownValues: false, validationError: { target: false, value: false } },
  });
  resolvePlainFieldsByProperty(schema);
  resolveFieldResolversDirectly(schema, authChecker as AuthCheckerFn);
  return schema;
}

/** The SDL committed as `schema.graphql`: sorted, so it changes only when the schema does. */
export function printMornaSchema(schema: GraphQLSchema): string {
  return `# Generated from the API by \`npm run schema\`; do not edit.\n\n${printSchema(lexicographicSortSchema(schema))}\n`;
}
