/**
 * The smallest GraphQL-over-HTTP client, for Morna's own scripts that drive a running API from outside
 * (the benchmarks, the demo story of `npm start`).
 */

/** A GraphQL answer as it came over the wire. */
export interface Answer<T = unknown> {
  status: number;
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; [key: string]: unknown } }[];
}

/** POSTs one operation to `graphqlUrl` as the holder of `token` (anonymous without one). */
export async function post<T = unknown>(graphqlUrl: string, query: string, variables?: Record<string, unknown>, token?: string): Promise<Answer<T>> {
  const response = await fetch(graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...((await response.json()) as Omit<Answer<T>, 'status'>) };
}

/** Like `post`, but throws on any error and returns the data. */
export async function postOk<T>(graphqlUrl: string, query: string, variables?: Record<string, unknown>, token?: string): Promise<T> {
  const answer = await post<T>(graphqlUrl, query, variables, token);
  if (answer.errors?.length || !answer.data) throw new Error(`GraphQL errors (HTTP ${answer.status}): ${JSON.stringify(answer.errors)}`);
  return answer.data;
}

/** The `extensions.code` of each error of the answer. */
export function codes(answer: Answer): string[] {
  return (answer.errors ?? []).map((error) => String(error.extensions?.code));
}
