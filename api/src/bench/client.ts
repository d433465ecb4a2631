import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** GET `/health`; throws unless it answers 200. */
export async function health(baseUrl: string): Promise<void> {
  const response = await fetch(`${baseUrl}/health`);
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`/health answered ${response.status}`);
}

/** A subscription over graphql-ws whose events can be awaited one by one. */
export interface Feed<T> {
  /** The next event not yet taken (rejects after `timeoutMs`, or when the subscription failed). */
  next(timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

/** Subscribes to `query` over `wsUrl` as the holder of `token`. */
export function subscribe<T>(wsUrl: string, query: string, token: string): Feed<T> {
  const client: Client = createClient({ url: wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
  const queue: T[] = [];
  const waiters: { resolve: (event: T) => void; reject: (err: unknown) => void }[] = [];
  let failure: unknown;
  const fail = (err: unknown) => {
    failure = err instanceof Error ? err : new Error(`subscription failed: ${JSON.stringify(err)}`);
    for (const waiter of waiters.splice(0)) waiter.reject(failure);
  };
  client.subscribe<T>(
    { query },
    {
      next: (value) => {
        if (value.errors?.length || !value.data) return fail(value.errors);
        const waiter = waiters.shift();
        if (waiter) waiter.resolve(value.data as T);
        else queue.push(value.data as T);
      },
      error: fail,
      complete: () => fail(new Error('subscription completed')),
    },
  );
  return {
    next: (timeoutMs = 10_000) => {
      if (failure) return Promise.reject(failure);
      const queued = queue.shift();
      if (queued !== undefined) return Promise.resolve(queued);
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no subscription event within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({
          resolve: (event) => {
            clearTimeout(timer);
            resolve(event);
          },
          reject: (err) => {
            clearTimeout(timer);
            reject(err);
          },
        });
      });
    },
    close: async () => {
      await client.dispose();
    },
  };
}
