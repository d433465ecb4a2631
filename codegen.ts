import type { CodegenConfig } from '@graphql-codegen/cli';

const scalars = { DateTimeISO: 'string', SafeInt: 'number', JSONObject: 'Record<string, unknown>' };

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
      presetConfig: { fragmentMasking: false },
    },
    'portal/app/live/generated/': {
      documents: ['portal/app/live/*.graphql'],
      preset: 'client',
      config: { scalars, enumsAsTypes: true, useTypeImports: true, documentMode: 'string' },
      presetConfig: { fragmentMasking: false },
    },
    'backoffice/src/graphql/generated/': {
      documents: ['backoffice/src/**/*.{ts,tsx}', '!backoffice/src/**/generated/**'],
      preset: 'client',
      config: { scalars, enumsAsTypes: true, useTypeImports: true },
      presetConfig: { fragmentMasking: false },
    },
  },
};
export default config;
