import type { CodegenConfig } from '@graphql-codegen/cli';
import { addTypenameSelectionDocumentTransform } from '@graphql-codegen/client-preset';

const scalars = { DateTimeISO: 'string', SafeInt: 'number', JSONObject: 'Record<string, unknown>' };

/**
 * Trusted documents: each first-party client's folder also gets `persisted-documents.json` (sha256 id →
 * document text), which the API loads (api/src/graphql/trusted-documents.ts), and every document carries its
 * id in `__meta__.hash`, which production builds send instead of the text.
 */
const persistedDocuments = { mode: 'embedHashInDocument', hashPropertyName: 'hash', hashAlgorithm: 'sha256' } as const;

/**
 * Typed operations from the committed schema.graphql (emitted by the API). The API tests write their
 * documents with `graphql()` from tests/graphql/generated; the portal's server modules with `graphql()` from
 * portal/app/graphql/generated (documents as typed strings: the portal sends them over HTTP and ships no
 * GraphQL parser); the browser's live subscriptions, in `.graphql` files, get a module of
 * their own (portal/app/live/generated) so that no other operation reaches the browser. The back-office
 * (backoffice/src) gets DocumentNode documents, which Apollo Client caches and sends.
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  ignoreNoDocuments: true,
  generates: {
    'tests/graphql/generated/': {
      documents: ['tests/**/*.ts', '!tests/graphql/generated/**'],
      preset: 'client',
      config: { scalars, enumsAsTypes: true, useTypeImports: true },
      presetConfig: { fragmentMasking: false },
    },
    'portal/app/graphql/generated/': {
      documents: ['portal/app/**/*.{ts,tsx}', '!portal/app/**/generated/**'],
      preset: 'client',
      config: { scalars, enumsAsTypes: true, useTypeImports: true, documentMode: 'string' },
      presetConfig: { fragmentMasking: false, persistedDocuments },
    },
    'portal/app/live/generated/': {
      documents: ['portal/app/live/*.graphql'],
      preset: 'client',
      config: { scalars, enumsAsTypes: true, useTypeImports: true, documentMode: 'string' },
      presetConfig: { fragmentMasking: false, persistedDocuments },
    },
    'backoffice/src/graphql/generated/': {
      documents: ['backoffice/src/**/*.{ts,tsx}', '!backoffice/src/**/generated/**'],
      preset: 'client',
      config: { scalars, enumsAsTypes: true, useTypeImports: true },
      presetConfig: { fragmentMasking: false, persistedDocuments },
      // Apollo Client adds __typename to every selection it sends; the manifest's text must have them too.
      documentTransforms: [addTypenameSelectionDocumentTransform],
    },
  },
};
export default config;
