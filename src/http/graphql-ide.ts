import fs from 'node:fs';
import path from 'node:path';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Config } from '../config';
import { WEB_DIST_DIR } from './web-apps';

const NOT_BUILT = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>GraphQL IDE · Boomerang</title></head>'
  + '<body><main><h1>The GraphQL IDE is not built</h1><p>Run <code>npm run build</code> (or <code>npm start</code>), then reload.</p></main></body></html>';

/**
 * GraphiQL (web/graphiql, built into dist/web by `npm run build`) as Apollo's landing page: what a browser gets from
 * GET /graphql when it prefers HTML (GRAPHQL_IDE). Everything it loads is Boomerang's own (assets under /web/), so it
 * works offline. The page is read on each visit, so a new build is served without a restart; it learns from a meta tag
 * whether trusted documents only is on, to say what then works.
 */
export function graphqlIdePlugin(config: Config, dir = WEB_DIST_DIR): ApolloServerPlugin {
  const page = path.join(dir, 'graphiql', 'index.html');
  const trusted = config.trustedDocuments ? 'on' : 'off';
  return {
    async serverWillStart() {
      return {
        async renderLandingPage() {
          return {
            html: async () => {
              const html = await fs.promises.readFile(page, 'utf8').catch(() => null);
              if (html === null) return NOT_BUILT;
              return html.replace('<meta name="boomerang-trusted-documents" content="off"', `<meta name="boomerang-trusted-documents" content="${trusted}"`);
            },
          };
        },
      };
    },
  };
}
