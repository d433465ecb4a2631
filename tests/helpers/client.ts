import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type DocumentNode, type GraphQLFormattedError } from 'graphql';
import { createClient, type Client as WsClient } from 'graphql-ws';
import WebSocket from 'ws';

export type Doc<TData, TVars> = TypedDocumentNode<TData, TVars> | DocumentNode | string;

export interface GqlResponse<TData> {
  data?: TData | null;
  errors?: (GraphQLFormattedError & { extensions?: { code?: string; [k: string]: unknown } })[];
}

/** A live subscription: `next()` waits for the next event (rejects after `timeoutMs`). */
export interface TestSubscription<TData> {
  /** Resolves once the server runs the subscription, so events after it are not missed. */
  ready: Promise<void>;
  next(timeoutMs?: number): Promise<TData>;
  /** Events received so far and not yet taken by next(). */
  pending(): TData[];
  /** Settles when the server ends the subscription: completed, refused with errors, or the socket closed (code). */
  ended: Promise<SubscriptionEnd>;
  close(): void;
}

export type SubscriptionEnd = { kind: 'complete' } | { kind: 'error'; errors: unknown } | { kind: 'closed'; code: number; reason: string };

/** GraphQL over HTTP (and WebSocket for subscriptions) as one caller. */
export class GqlClient {
  private ws?: WsClient;

  constructor(
    readonly endpoints: { graphqlUrl: string; wsUrl: string; subscriptionsAttached: () => number; waitForSubscriptions: (count: number) => Promise<void> },
    readonly token?: string,
  ) {}

  /** Sends one operation; returns data and errors as the server answered them. */
  async request<TData, TVars>(document: Doc<TData, TVars>, variables?: TVars): Promise<GqlResponse<TData>> {
    const response = await fetch(this.endpoints.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
      body: JSON.stringify({ query: typeof document === 'string' ? document : print(document as DocumentNode), variables }),
    });
    return (await response.json()) as GqlResponse<TData>;
  }

  /** Like request, but throws on any error and returns the data. */
  async ok<TData, TVars>(document: Doc<TData, TVars>, variables?: TVars): Promise<TData> {
    const result = await this.request(document, variables);
    if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
    return result.data as TData;
  }

  /** The `extensions.code` of the first error (fails the test when there is none). */
  async errorCode<TData, TVars>(document: Doc<TData, TVars>, variables?: TVars): Promise<string> {
    const result = await this.request(document, variables);
    if (!result.errors?.length) throw new Error(`expected an error, got ${JSON.stringify(result.data)}`);
    return String(result.errors[0]!.extensions?.code);
  }

  subscribe<TData, TVars>(document: Doc<TData, TVars>, variables?: TVars): TestSubscription<TData> {
    this.ws ??= createClient({
      url: this.endpoints.wsUrl,
      webSocketImpl: WebSocket,
      connectionParams: this.token ? { authorization: `Bearer ${this.token}` } : {},
      lazy: true,
      retryAttempts: 0,
    });
    const { endpoints } = this;
    const queue: TData[] = [];
    // A waiting next() hears of the next event, or of the failure that ends the subscription.
    const waiters: { resolve: (value: TData) => void; reject: (err: unknown) => void }[] = [];
    const fail = (err: unknown) => {
      failure = err;
      for (const waiter of waiters.splice(0)) waiter.reject(err);
    };
    let failure: unknown;
    let end: (value: SubscriptionEnd) => void = () => undefined;
    const ended = new Promise<SubscriptionEnd>((resolve) => (end = resolve));
    // Live once the server has attached one more subscription than before this one was sent (the tests
    // subscribe one at a time); one expected to be refused is never waited for.
    const attachedBefore = this.endpoints.subscriptionsAttached();
    let ready: Promise<void> | undefined;
    const dispose = this.ws.subscribe<TData>(
      { query: typeof document === 'string' ? document : print(document as DocumentNode), variables: variables as Record<string, unknown> },
      {
        next: (value) => {
          if (value.errors?.length) return fail(new Error(JSON.stringify(value.errors)));
          const data = value.data as TData;
          const waiter = waiters.shift();
          if (waiter) waiter.resolve(data);
          else queue.push(data);
        },
        error: (err) => {
          const close = err as { code?: number; reason?: string };
          if (typeof close.code === 'number') {
            fail(new Error(`socket closed ${close.code} ${close.reason ?? ''}`));
            end({ kind: 'closed', code: close.code, reason: String(close.reason ?? '') });
          } else {
            fail(err instanceof Error ? err : new Error(JSON.stringify(err)));
            end({ kind: 'error', errors: err });
          }
        },
        complete: () => end({ kind: 'complete' }),
      },
    );
    return {
      get ready() {
        return (ready ??= endpoints.waitForSubscriptions(attachedBefore + 1));
      },
      pending: () => queue.splice(0),
      ended,
      next: (timeoutMs = 5000) => {
        if (failure) return Promise.reject(failure);
        const queued = queue.shift();
        if (queued !== undefined) return Promise.resolve(queued);
        // Created here so a timeout's stack points at the test line that waited.
        const timeout = new Error(`no subscription event within ${timeoutMs} ms`);
        return new Promise<TData>((resolve, reject) => {
          const timer = setTimeout(() => reject(timeout), timeoutMs);
          waiters.push({
            resolve: (v) => {
              clearTimeout(timer);
              resolve(v);
            },
            reject: (err) => {
              clearTimeout(timer);
              reject(err);
            },
          });
        });
      },
      close: dispose,
    };
  }

  async close(): Promise<void> {
    await this.ws?.dispose();
  }
}
