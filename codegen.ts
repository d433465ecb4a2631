import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed operations from the committed schema.graphql (emitted by the API). The API tests write their
 * documents with `graphql()` from tests/graphql/generated; portal and back-office get their own targets
 * when they arrive.
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['tests/**/*.ts', '!tests/graphql/generated/**'],
  ignoreNoDocuments: true,
  generates: {
    'tests/graphql/generated/': {
      preset: 'client',
      config: { scalars: { DateTimeISO: 'string', SafeInt: 'number', JSONObject: 'Record<string, unknown>' }, enumsAsTypes: true, useTypeImports: true },
      presetConfig: { fragmentMasking: false },
    },
  },
};
export default config;
