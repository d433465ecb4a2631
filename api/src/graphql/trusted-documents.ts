import type { RequestHandler } from 'express';
import { parse as parseCookies } from 'cookie';
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { ACCESS_COOKIE, REFRESH_COOKIE } from '../auth/principal';
import type { Config } from '../config';
import { sendRefusal } from '../http/errors';
import { isSameOrigin } from '../http/same-origin';
import { decideDocument, sha256, type DocumentRequest, type DocumentsById } from './trusted-documents.rules';

/** The documents the first-party apps may run, by id; read once at start-up. */
export class TrustedDocuments implements DocumentsById {
  private constructor(private readonly byId: ReadonlyMap<string, string>) {}

  /**
   * Reads `files` (the built apps' manifests, then any kept from the previous release for a rolling deploy).
   * Throws when one is malformed or an id is not the sha256 of its text, and when one is missing while
   * `required` (enforcing): serving with no manifest would refuse every first-party request. Without
   * enforcement a missing manifest only means its app sends document texts.
   */
  static load(files: readonly string[], required: boolean): TrustedDocuments {
    const byId = new Map<string, string>();
    for (const file of files) {
      if (!existsSync(file)) {
        if (required) throw new Error(`Trusted documents manifest ${file} is missing: run npm run build (or npm run codegen)`);
        continue;
      }
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as unknown;
      if (!manifest || typeof manifest !== 'object' || Array.isArray(manifest)) throw new Error(`${file} is not a persisted documents manifest (id → document)`);
      for (const [id, text] of Object.entries(manifest)) {
        if (typeof text !== 'string' || sha256(text) !== id) throw new Error(`${file}: document ${id} is not the sha256 of its text`);
        byId.set(id, text);
      }
    }
    return new TrustedDocuments(byId);
  }

  /** The text of a known document, or undefined. */
  text(id: string): string | undefined {
    return this.byId.get(id);
  }

  get size(): number {
    return this.byId.size;
  }
}


/** The header the portal's server puts on its calls to the API, naming itself a first-party client. */
export const FIRST_PARTY_CLIENT_HEADER = 'x-morna-client';

/**
 * Whether a request comes from a first-party app: it carries Morna's session cookies (the back-office, the
 * portal's live connection), its browser Origin is this site or one of `APP_ORIGINS`, or it is the portal's
 * server (FIRST_PARTY_CLIENT_HEADER). A bearer token or API key without any of these is a third party's.
 * Claiming to be first-party only narrows what a caller may send, so none of this needs to be unforgeable.
 */
export function isFirstParty(headers: IncomingHttpHeaders, appOrigins: readonly string[]): boolean {
  if (headers[FIRST_PARTY_CLIENT_HEADER] !== undefined) return true;
  const origin = headers.origin;
  if (origin && origin !== 'null' && (appOrigins.includes(origin) || isSameOrigin(origin, headers.host))) return true;
  if (!headers.cookie) return false;
  const cookies = parseCookies(headers.cookie);
  return cookies[ACCESS_COOKIE] !== undefined || cookies[REFRESH_COOKIE] !== undefined;
}

/**
 * POST /graphql before Apollo: a request naming a document id (`documentId` or
 * `extensions.persistedQuery.sha256Hash`) runs the manifest's text; refusals (see `decideDocument`) answer
 * 400 in the API's error shape, with the field at fault. A GET names no id here: its `query` is a text.
 */
export function trustedDocumentsHandler(documents: DocumentsById, config: Pick<Config, 'appOrigins' | 'trustedDocuments'>): RequestHandler {
  return (req, res, next) => {
    const firstParty = isFirstParty(req.headers, config.appOrigins);
    if (req.method !== 'POST') {
      if (firstParty && config.trustedDocuments.enforce && req.query.query !== undefined) return sendRefusal(res, 400, 'TRUSTED_DOCUMENT_REQUIRED', { field: 'documentId' });
      return next();
    }
    const body = req.body as DocumentRequest & Record<string, unknown>;
    // A batch (an array) or a body without an object is Apollo's to refuse.
    if (!body || typeof body !== 'object' || Array.isArray(body)) return next();
    const decision = decideDocument(documents, body, firstParty, config.trustedDocuments.enforce);
    if ('refuse' in decision) return sendRefusal(res, 400, decision.refuse, { field: decision.field });
    // Apollo's own persisted queries are off (apollo.ts): a named id never reaches it, only the text to run.
    if (decision.named) {
      const { persistedQuery: _named, ...extensions } = (body.extensions ?? {}) as Record<string, unknown>;
      const { documentId: _id, ...rest } = body;
      req.body = { ...rest, query: decision.run, extensions };
    }
    next();
  };
}
