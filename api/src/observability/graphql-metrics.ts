import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerErrorCode } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { errorMessages } from '../shared/errors';
import type { Metrics } from './metrics';
import { operationLabel } from './operation-names';

const knownCodes: ReadonlySet<string> = new Set([...Object.keys(errorMessages), ...Object.values(ApolloServerErrorCode)]);

/** The label of an error code: Morna's and Apollo's codes as they are, anything else `OTHER`. */
export function codeLabel(code: unknown): string {
  return typeof code === 'string' && knownCodes.has(code) ? code : 'OTHER';
}

/** Counts the `extensions.code` of each error a client is sent (over HTTP or WebSocket). */
export function countErrors(metrics: Metrics, errors: readonly GraphQLFormattedError[] | undefined): void {
  for (const error of errors ?? []) metrics.graphqlErrors.inc({ code: codeLabel(error.extensions?.code) });
}

/**
 * Apollo plugin: each operation over HTTP counted and timed by name and type (from didResolveOperation, so
 * documents that fail to parse or validate count as `other`, type `unknown`), and the codes of the errors it answered.
 */
export function graphqlMetricsPlugin<C extends object>(metrics: Metrics, knownOperations: ReadonlySet<string>): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      let labels = { operation: 'other', type: 'unknown' };
      return {
        async didResolveOperation({ operationName, operation }) {
          labels = { operation: operationLabel(operationName, knownOperations), type: operation?.operation ?? 'unknown' };
        },
        async willSendResponse({ response }) {
          metrics.graphqlOperations.inc(labels);
          metrics.graphqlDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
          if (response.body.kind === 'single') countErrors(metrics, response.body.singleResult.errors);
        },
      };
    },
  };
}
