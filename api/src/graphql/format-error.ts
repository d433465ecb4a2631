import { unwrapResolverError } from '@apollo/server/errors';
import type { ValidationError } from 'class-validator';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { ArgumentValidationError } from 'type-graphql';
import { errorMessages } from '../shared/errors';
import { MoneyRangeError } from '../shared/money';

/** One refused input field of a class-validator validation: where it is and which constraints failed, never its value. */
export interface InvalidField {
  field: string;
  path: string;
  constraints: string[];
}

/** The failed fields of type-graphql's `ArgumentValidationError`, nested inputs flattened (`options.0.overrideReason`). */
export function invalidFields(errors: readonly ValidationError[], prefix = ''): InvalidField[] {
  return errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints ? [{ field: e.property, path, constraints: Object.keys(e.constraints) }] : [];
    return [...own, ...invalidFields(e.children ?? [], path)];
  });
}

// Apollo's request errors that carry no code of their own (Apollo would say INTERNAL_SERVER_ERROR): a stable one.
const apolloRequestErrors: Record<string, { code: string; field?: string }> = {
  'provided sha does not match query': { code: 'PERSISTED_QUERY_HASH_MISMATCH', field: 'extensions.persistedQuery.sha256Hash' },
  'Unsupported persisted query version': { code: 'PERSISTED_QUERY_VERSION_UNSUPPORTED', field: 'extensions.persistedQuery.version' },
};

/**
 * What a client sees of an error, over HTTP and WebSocket alike: known refusals pass through with their code
 * and English message; anything unexpected is logged with an id and masked.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, log: Logger): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof ArgumentValidationError) {
    const [es, en] = errorMessages.BAD_USER_INPUT;
    const fields = invalidFields(original.extensions.validationErrors as ValidationError[]);
    return { message: es, locations: formatted.locations, path: formatted.path, extensions: { code: 'BAD_USER_INPUT', messageEn: en, fields } };
  }
  // Money that cannot be computed (e.g. a request sourced before the exchange rate rose): the input is at fault.
  if (original instanceof MoneyRangeError) {
    const [es, en] = errorMessages.BAD_USER_INPUT;
    log.warn({ err: original, path: formatted.path }, 'money out of range');
    return { message: es, locations: formatted.locations, path: formatted.path, extensions: { code: 'BAD_USER_INPUT', messageEn: en, reason: 'AMOUNT_OUT_OF_RANGE' } };
  }
  const requestError = original instanceof GraphQLError && !original.originalError ? apolloRequestErrors[formatted.message] : undefined;
  if (requestError) {
    const [es, en] = errorMessages[requestError.code as keyof typeof errorMessages];
    return { message: es, extensions: { ...requestError, messageEn: en } };
  }
  const code = formatted.extensions?.code as string | undefined;
  if (code && code in errorMessages) {
    const en = errorMessages[code as keyof typeof errorMessages][1];
    return { ...formatted, extensions: { messageEn: en, ...formatted.extensions } };
  }
  if (code && code !== 'INTERNAL_SERVER_ERROR') return formatted;
  if (original instanceof GraphQLError && !original.originalError && code !== 'INTERNAL_SERVER_ERROR') return formatted;
  const errorId = randomUUID();
  log.error({ err: original, errorId, path: formatted.path }, 'unexpected error');
  return {
    message: 'Error interno; inténtalo de nuevo.',
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR', messageEn: 'Internal error; please retry.', errorId },
  };
}
