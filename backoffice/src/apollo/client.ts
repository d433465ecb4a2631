import { ApolloClient, ApolloLink, CombinedGraphQLErrors, HttpLink, InMemoryCache } from '@apollo/client';
import { ErrorLink } from '@apollo/client/link/error';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { relayStylePagination } from '@apollo/client/utilities';
import { OperationTypeNode } from 'graphql';
import { createClient } from 'graphql-ws';
import { Observable } from 'rxjs';
import { graphql } from '../graphql/generated';
import { auth } from '../session/auth';
import { trustedDocumentsLink, withoutDocumentTexts } from './trusted-documents';

const RefreshSession = graphql(`
  mutation BackofficeRefreshSession { refreshSession { accessTokenExpiresAt } }
`);

/** The staff lists the back-office pages through: each is cached per set of filters, its pages merged. */
const pagedLists = ['purchaseRequests', 'payments', 'orders', 'boxes', 'auditLog', 'users', 'alerts', 'stalledOrders', 'quietBoxes', 'surveys', 'businessParametersHistory', 'products', 'stockMovements', 'sales', 'chatInbox'];

/** A list's cache key: every argument except the page size and cursor, keys sorted so equal filters share it. */
function listKey(args: Record<string, unknown> | null): string {
  const stable = (value: unknown): unknown =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, stable(v)]))
      : value;
  const { first: _first, after: _after, ...filters } = args ?? {};
  return JSON.stringify(stable(filters));
}

/** The API closes a live connection with 4401 (no or expired token) or 4403 (session ended, user disabled). */
const SESSION_CLOSE_CODES = new Set([4401, 4403]);

function isCloseEvent(value: unknown): value is { code: number } {
  return typeof value === 'object' && value !== null && 'code' in value && typeof (value as { code: unknown }).code === 'number';
}

function hasCode(error: unknown, code: string): boolean {
  return CombinedGraphQLErrors.is(error) && error.errors.some((e) => e.extensions?.code === code);
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The back-office's Apollo Client. Queries and mutations go over HTTP to this origin's /graphql, subscriptions
 * over one graphql-ws connection to the same path; both carry the API's httpOnly session cookies (the
 * WebSocket upgrade sends them, and the API reads the access cookie at connection_init).
 *
 * An UNAUTHENTICATED answer triggers one refresh (the refresh cookie, path /graphql) and one retry; when the
 * refresh is refused the session expires and the sign-in form shows over the page, which stays mounted so
 * nothing typed is lost. The live connection reconnects on its own once signed in again, and every query on
 * screen is refetched then, so events missed meanwhile are not lost either. Production builds send document
 * ids instead of texts, over both transports (trusted-documents.ts).
 */
export function createApolloClient(): ApolloClient {
  let mustRefresh = false;
  let client: ApolloClient;

  const liveConnection = createClient({
    url: () => `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
    lazy: true,
    lazyCloseTimeout: 3_000,
    retryAttempts: Infinity,
    shouldRetry: () => true,
    retryWait: async (retries) => {
      await auth.whenSignedIn();
      await wait(Math.min(500 * 2 ** retries, 10_000) * (0.5 + Math.random() / 2));
    },
    connectionParams: async () => {
      if (mustRefresh) {
        mustRefresh = false;
        if (!(await auth.refresh())) {
          auth.expire();
          throw new Error('session ended');
        }
      }
      return {};
    },
    on: {
      closed: (event) => {
        if (isCloseEvent(event) && SESSION_CLOSE_CODES.has(event.code)) mustRefresh = true;
      },
      connected: (_socket, _payload, wasRetry) => {
        if (wasRetry) void client.refetchObservableQueries();
      },
    },
  });

  const errorLink = new ErrorLink(({ error, operation, forward }) => {
    if (operation.operationType === OperationTypeNode.SUBSCRIPTION || !hasCode(error, 'UNAUTHENTICATED')) return;
    if (operation.getContext().afterRefresh) {
      auth.expire();
      return;
    }
    return new Observable<ApolloLink.Result>((subscriber) => {
      let inner: { unsubscribe(): void } | undefined;
      void auth.refresh().then((refreshed) => {
        if (!refreshed) {
          auth.expire();
          subscriber.error(error);
          return;
        }
        operation.setContext({ afterRefresh: true });
        inner = forward(operation).subscribe(subscriber);
      });
      return () => inner?.unsubscribe();
    });
  });

  const http = new HttpLink({ uri: '/graphql', credentials: 'same-origin' });
  const ws = import.meta.env.PROD ? withoutDocumentTexts(liveConnection) : liveConnection;
  const transport = ApolloLink.split((operation) => operation.operationType === OperationTypeNode.SUBSCRIPTION, new GraphQLWsLink(ws), ApolloLink.from([errorLink, http]));
  // Production builds send document ids, not texts (trusted documents); development sends texts.
  const link = import.meta.env.PROD ? ApolloLink.from([trustedDocumentsLink(), transport]) : transport;

  client = new ApolloClient({
    link,
    cache: new InMemoryCache({
      typePolicies: {
        Query: { fields: Object.fromEntries(pagedLists.map((field) => [field, relayStylePagination(listKey)])) },
        // A support chat's history, newest first: "earlier messages" appends older pages (issue 10).
        ChatConversation: { fields: { messages: relayStylePagination([]) } },
      },
    }),
  });
  auth.setRefresher(() => client.mutate({ mutation: RefreshSession }).then(() => true, () => false));
  return client;
}
