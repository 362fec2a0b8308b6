import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed documents for the browser apps (`npm run codegen`; CI checks web/gql is current): every graphql(`...`) in
// web/ is typed against schema/schema.graphql by the client preset.
const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['web/**/*.{ts,tsx}', '!web/gql/**'],
  ignoreNoDocuments: true,
  generates: {
    'web/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string', JSONObject: 'Record<string, unknown>' },
      },
    },
  },
};

export default config;
