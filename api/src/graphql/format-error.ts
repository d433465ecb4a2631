import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { errorMessages } from '../shared/errors';

/**
 * What a client sees of an error, over HTTP and WebSocket alike: known refusals pass through with their code
 * and English message; anything unexpected is logged with an id and masked.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, log: Logger): GraphQLFormattedError {
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
