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

/** SQLSTATEs of a statement cancelled by statement_timeout (57014) or a lock wait ended by lock_timeout (55P03). */
const DATABASE_TIMEOUTS = new Set(['57014', '55P03']);

/** What errors may reveal about the schema. */
export interface FormatErrorOptions {
  /** Keep GraphQL's "Did you mean …?" hints (they spell out field, type and enum names). */
  suggestions: boolean;
  /** The request's id, added to every error as `extensions.requestId` for clients to quote to support. */
  requestId?: string;
}

/** GraphQL's hints, e.g. `Did you mean "me"?` or `Did you mean the enum value "AIR"?`. */
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/** The message and English text every unexpected error is replaced with. */
export const internalError = {
  message: 'Error interno; inténtalo de nuevo.',
  messageEn: 'Internal error; please retry.',
} as const;

/** A Morna code carried by the error, or by the refusal Apollo wrapped into a validation error. */
function morna(error: unknown): GraphQLError | undefined {
  for (const candidate of [error, error instanceof GraphQLError ? error.originalError : undefined]) {
    if (candidate instanceof GraphQLError && typeof candidate.extensions.code === 'string' && candidate.extensions.code in errorMessages) return candidate;
  }
  return undefined;
}

/**
 * What a client sees of an error, over HTTP and WebSocket alike: known refusals pass through with their code
 * and English message; GraphQL's own errors (syntax, validation) keep their code, without suggestions unless
 * enabled; anything unexpected is logged with an id and masked. Each carries the request id when known.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, log: Logger, options: FormatErrorOptions): GraphQLFormattedError {
  const result = formatOne(formatted, error, log, options);
  return options.requestId ? { ...result, extensions: { ...result.extensions, requestId: options.requestId } } : result;
}

function formatOne(formatted: GraphQLFormattedError, error: unknown, log: Logger, options: FormatErrorOptions): GraphQLFormattedError {
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
  // PostgreSQL cancelled a statement or a lock wait at the time budget (db/orm.ts statementTimeout): rolled back.
  if (DATABASE_TIMEOUTS.has((original as { code?: unknown } | null)?.code as string)) {
    const [es, en] = errorMessages.TIME_BUDGET_EXCEEDED;
    return { message: es, locations: formatted.locations, path: formatted.path, extensions: { code: 'TIME_BUDGET_EXCEEDED', messageEn: en } };
  }
  const requestError = original instanceof GraphQLError && !original.originalError ? apolloRequestErrors[formatted.message] : undefined;
  if (requestError) {
    const [es, en] = errorMessages[requestError.code as keyof typeof errorMessages];
    return { message: es, extensions: { ...requestError, messageEn: en } };
  }
  const refusal = morna(error);
  if (refusal) {
    const code = refusal.extensions.code as keyof typeof errorMessages;
    const { http: _http, ...details } = refusal.extensions;
    // A refusal with its own words (e.g. INSUFFICIENT_STOCK naming the product) keeps its English text too.
    const messageEn = refusal.message !== errorMessages[code][0] && typeof details.messageEn === 'string' ? details.messageEn : errorMessages[code][1];
    return { ...formatted, message: refusal.message, extensions: { ...details, code, messageEn } };
  }
  const code = formatted.extensions?.code as string | undefined;
  const expected = (code && code !== 'INTERNAL_SERVER_ERROR') || (original instanceof GraphQLError && !original.originalError && code !== 'INTERNAL_SERVER_ERROR');
  if (expected) {
    const { http: _http, ...extensions } = formatted.extensions ?? {};
    const message = options.suggestions ? formatted.message : formatted.message.replace(SUGGESTION, '');
    return { ...formatted, message, extensions };
  }
  const errorId = randomUUID();
  log.error({ err: original, errorId, path: formatted.path }, 'unexpected error');
  return {
    message: internalError.message,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR', messageEn: internalError.messageEn, errorId },
  };
}

/**
 * The same formatting for errors that did not come through Apollo (graphql-ws): like Apollo, an error
 * without a code counts as INTERNAL_SERVER_ERROR.
 */
export function formatErrors(errors: readonly GraphQLError[], log: Logger, options: FormatErrorOptions): GraphQLFormattedError[] {
  return errors.map((error) => {
    const json = error.toJSON();
    return formatError({ ...json, extensions: { ...json.extensions, code: error.extensions.code ?? 'INTERNAL_SERVER_ERROR' } }, error, log, options);
  });
}
