import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { addressAllowed } from './webhook.rules';

/** At most this much of a response body is kept in the delivery log. */
export const RESPONSE_BODY_LIMIT = 1000;

/** What one POST came to. */
export interface PostResult {
  /** null when no response arrived. */
  statusCode: number | null;
  headers: IncomingHttpHeaders;
  /** The start of the body, at most RESPONSE_BODY_LIMIT characters. */
  body: string | null;
  /** Why no response arrived. */
  error: string | null;
  durationMs: number;
}

/** Resolves like `dns.lookup` but refuses any address the guard does not allow, at connect time (no rebinding window). */
function guardedLookup(allow: { allowLoopback: boolean; allowPrivate: boolean }): LookupFunction {
  return ((hostname: string, options: LookupOptions, callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const refused = addresses.find((a) => !addressAllowed(a.address, allow));
      if (refused) return callback(Object.assign(new Error(`address ${refused.address} not allowed`), { code: 'EADDRNOTALLOWED' }), []);
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  }) as LookupFunction;
}

/**
 * POSTs `body` (JSON) to `url` with `headers`, giving up after `timeoutMs` (connection, response and body
 * together). Redirects are not followed. Never throws: failures come back as `error`.
 */
export function postJson(url: string, body: string, headers: Record<string, string>, timeoutMs: number, allow: { allowLoopback: boolean; allowPrivate: boolean }): Promise<PostResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise<PostResult>((resolve) => {
    let settled = false;
    const finish = (result: Omit<PostResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, durationMs: elapsed() });
    };
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'Morna-Webhooks/1', ...headers },
      lookup: guardedLookup(allow),
    });
    const timer = setTimeout(() => {
      req.destroy(new Error(`timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => finish({ statusCode: null, headers: {}, body: null, error: err.message || String(err.code) }));
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (text.length < RESPONSE_BODY_LIMIT) text += chunk;
        else res.destroy();
      });
      const done = () => finish({ statusCode: res.statusCode ?? null, headers: res.headers, body: text.slice(0, RESPONSE_BODY_LIMIT), error: null });
      res.on('end', done);
      res.on('close', done);
      res.on('error', done);
    });
    req.end(body);
  });
}
