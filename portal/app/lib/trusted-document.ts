/** A codegen document (`persistedDocuments`): its text, and its id in `__meta__.hash` (sha256 of the text). */
interface PersistedDocument {
  toString(): string;
  __meta__?: Record<string, unknown>;
}

/**
 * What names a document in a request to the API (`query`, `extensions`). Production builds send only its id
 * (`extensions.persistedQuery.sha256Hash`, Apollo's shape; `query` is empty, which graphql-ws needs as a
 * string): the API runs its own copy from the build's manifest and, with TRUSTED_DOCUMENTS=enforce, refuses a
 * portal request that sends a text. Development sends the text alone, so a document edited while the API
 * keeps running (with the manifest it read at start-up) still works. Both name the operation (logs, tests).
 */
export function documentRequest(document: PersistedDocument): {
  query: string;
  operationName?: string;
  extensions?: { persistedQuery: { version: 1; sha256Hash: string } };
} {
  const text = document.toString();
  const operationName = /^\s*(?:query|mutation|subscription)\s+(\w+)/.exec(text)?.[1];
  if (!import.meta.env.PROD) return { query: text, operationName };
  const sha256Hash = document.__meta__?.hash;
  if (typeof sha256Hash !== 'string') throw new Error('A document without its id: run npm run codegen');
  return { query: '', operationName, extensions: { persistedQuery: { version: 1, sha256Hash } } };
}
