import { createHash } from 'node:crypto';
import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed documents for the browser apps (`npm run codegen`; CI checks web/gql is current): every graphql(`...`) in
// web/ is typed against schema/schema.graphql by the client preset, which also writes the trusted documents manifest
// web/gql/persisted-documents.json (hash → document) that GRAPHQL_TRUSTED_DOCUMENTS serves (docs/frontend.md).
const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['web/**/*.{ts,tsx}', '!web/gql/**'],
  ignoreNoDocuments: true,
  generates: {
    'web/gql/': {
      preset: 'client',
      presetConfig: {
        fragmentMasking: false,
        persistedDocuments: {
          // The bare hex SHA-256 of the document text, as Apollo's automatic persisted queries expect (the preset's own
          // 'sha256' prefixes "sha256:"). web/shared/graphql.ts sends the same text when the server asks for it.
          hashAlgorithm: (document: string) => createHash('sha256').update(document).digest('hex'),
        },
      },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string', JSONObject: 'Record<string, unknown>' },
      },
    },
  },
};

export default config;
