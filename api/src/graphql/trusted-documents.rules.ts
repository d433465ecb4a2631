import { createHash } from 'node:crypto';

/** A document's text by id: the manifests of the first-party apps (see TrustedDocuments). */
export interface DocumentsById {
  text(id: string): string | undefined;
}

/** Hex sha256 of a document's text: its id. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** What a request names: a document id (`documentId`, with or without `sha256:`, or Apollo's `extensions.persistedQuery.sha256Hash`) and/or a text. */
export interface DocumentRequest {
  documentId?: unknown;
  query?: unknown;
  extensions?: unknown;
}

/** How trusted documents decided a request: run `query`, or refuse with a code (and the field at fault). */
export type DocumentDecision =
  | { run: string; /** Whether the request named an id (to drop from what is executed). */ named: boolean }
  | { refuse: 'PERSISTED_QUERY_NOT_FOUND' | 'TRUSTED_DOCUMENT_REQUIRED' | 'PERSISTED_QUERY_HASH_MISMATCH' | 'PERSISTED_QUERY_VERSION_UNSUPPORTED'; field: string };

/** The id a request names, if any: `documentId` first (GraphQL over HTTP), then Apollo's persisted query extension. */
export function requestedId(request: DocumentRequest): { id: string; field: string } | { version: unknown } | undefined {
  if (typeof request.documentId === 'string') return { id: request.documentId.replace(/^sha256:/, ''), field: 'documentId' };
  const persisted = (request.extensions as { persistedQuery?: { version?: unknown; sha256Hash?: unknown } } | null | undefined)?.persistedQuery;
  if (!persisted || typeof persisted !== 'object') return undefined;
  if (persisted.version !== 1) return { version: persisted.version };
  return typeof persisted.sha256Hash === 'string' ? { id: persisted.sha256Hash, field: 'extensions.persistedQuery.sha256Hash' } : undefined;
}

/**
 * Decides which document a request runs. A known id runs the manifest's text (a text sent along is not
 * needed and not used); an unknown id with a text runs the text when it hashes to the id (Apollo's automatic
 * persisted queries retry that way), else PERSISTED_QUERY_HASH_MISMATCH; an unknown id alone is
 * PERSISTED_QUERY_NOT_FOUND. A text without a known id, from a first-party caller while `enforce` is on, is
 * TRUSTED_DOCUMENT_REQUIRED: the first-party apps only ever send their built documents, so anything else
 * there is someone else's document riding a staff or customer session. Third parties (bearer tokens, API
 * keys, anonymous scripts) send any document, within the usual limits.
 */
export function decideDocument(documents: DocumentsById, request: DocumentRequest, firstParty: boolean, enforce: boolean): DocumentDecision {
  const named = requestedId(request);
  if (named && 'version' in named) return { refuse: 'PERSISTED_QUERY_VERSION_UNSUPPORTED', field: 'extensions.persistedQuery.version' };
  if (named) {
    const known = documents.text(named.id);
    if (known !== undefined) return { run: known, named: true };
    if (typeof request.query !== 'string' || request.query === '') return { refuse: 'PERSISTED_QUERY_NOT_FOUND', field: named.field };
    if (sha256(request.query) !== named.id) return { refuse: 'PERSISTED_QUERY_HASH_MISMATCH', field: named.field };
  }
  if (firstParty && enforce) return { refuse: 'TRUSTED_DOCUMENT_REQUIRED', field: 'documentId' };
  return { run: typeof request.query === 'string' ? request.query : '', named: named !== undefined };
}
