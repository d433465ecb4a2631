import http from 'node:http';
import https from 'node:https';

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

/** Kept-alive connections, so a script's requests do not each open one. */
const agents = { 'http:': new http.Agent({ keepAlive: true }), 'https:': new https.Agent({ keepAlive: true }) };

/**
 * POSTs one operation to `graphqlUrl` as the holder of `token` (anonymous without one), over node:http with
 * kept-alive connections: lighter per request than fetch, which matters to the benchmarks timing requests.
 */
export function post<T = unknown>(graphqlUrl: string, query: string, variables?: Record<string, unknown>, token?: string): Promise<Answer<T>> {
  const url = new URL(graphqlUrl);
  const body = JSON.stringify({ query, variables });
  const headers: http.OutgoingHttpHeaders = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...(token ? { authorization: `Bearer ${token}` } : {}) };
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = transport.request(url, { method: 'POST', headers, agent: agents[url.protocol as 'http:' | 'https:'] }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        try {
          resolve({ status: response.statusCode ?? 0, ...(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Omit<Answer<T>, 'status'>) });
        } catch (error) {
          reject(error);
        }
      });
    });
    request.on('error', reject);
    request.end(body);
  });
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
