import type { DocumentNode } from 'graphql';
import type { Client } from 'graphql-ws';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';

/** A codegen document carries its id (sha256 of the manifest's text) in `__meta__.hash` (codegen.ts, `persistedDocuments`). */
function documentId(document: DocumentNode): string {
  const hash = (document as DocumentNode & { __meta__?: { hash?: unknown } }).__meta__?.hash;
  if (typeof hash !== 'string') throw new Error('A document without its id: write every operation with graphql() and run npm run codegen');
  return hash;
}

/**
 * Production builds name each operation by its id in the API's trusted documents manifest
 * (`extensions.persistedQuery.sha256Hash`) and send no text: the API runs its copy, and with
 * TRUSTED_DOCUMENTS=enforce refuses any text from the back-office. An unknown id (a tab older than the
 * deployed manifest) fails as PERSISTED_QUERY_NOT_FOUND, with no retry that sends the text.
 */
export function trustedDocumentsLink(): PersistedQueryLink {
  return new PersistedQueryLink({ generateHash: documentId, retry: () => false });
}

/**
 * Apollo's GraphQLWsLink sends the printed text along with the id; this client drops it, so subscriptions
 * travel by id alone (graphql-ws needs `query` to be a string: empty).
 */
export function withoutDocumentTexts(client: Client): Client {
  return {
    ...client,
    subscribe: (payload, sink) => client.subscribe(payload.extensions?.persistedQuery ? { ...payload, query: '' } : payload, sink),
  };
}
