import type { ComponentProps } from 'react';
import { GraphiQL } from 'graphiql';
import { graphqlUrl } from '../shared/graphql';
import { storageWithoutHeaders } from './storage';

type Fetcher = ComponentProps<typeof GraphiQL>['fetcher'];

/** What the headers template holds until a token is pasted over it; a header still holding it is not sent. */
export const TOKEN_PLACEHOLDER = 'Bearer <paste a token here>';

const DEFAULT_HEADERS = `{\n  "Authorization": "${TOKEN_PLACEHOLDER}"\n}\n`;

const DEFAULT_QUERY = `# Ctrl-Enter runs it; the book icon (left) opens the docs.
# To run as someone: a token in Headers (below), then run again.
query WhoAmI {
  viewer {
    role
    subject
  }
  returnReasons {
    code
    label
  }
}
`;

/** Trusted documents only (GRAPHQL_TRUSTED_DOCUMENTS): the server says so in the page it serves. */
function trustedDocumentsOnly(): boolean {
  return document.querySelector<HTMLMetaElement>('meta[name="boomerang-trusted-documents"]')?.content === 'on';
}

/** JSON over POST to this Boomerang; headers from the editor, without the template's placeholder. */
const fetcher: Fetcher = async (params, opts) => {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };
  for (const [name, value] of Object.entries(opts?.headers ?? {})) {
    if (typeof value === 'string' && value !== TOKEN_PLACEHOLDER) headers[name.toLowerCase()] = value;
  }
  const res = await fetch(graphqlUrl(), { method: 'POST', headers, body: JSON.stringify(params) });
  return res.json();
};

/** GraphiQL, served by Boomerang at its GraphQL URL, with a banner on how to call it as someone. */
export function Ide() {
  const trusted = trustedDocumentsOnly();
  return (
    <div className="ide">
      <header className="ide-banner" role="banner">
        <strong>Boomerang GraphQL IDE.</strong>{' '}
        To call as someone, open <em>Headers</em> (below the query) and replace <code>&lt;paste a token here&gt;</code> with a token:
        in development the server's start-up output prints demo admin, operator and customer tokens; a guest gets one from
        the <code>startGuestReturn</code> mutation (order number + email). Headers stay in this tab: they are not saved,
        and a token never belongs in a URL (URLs end up in logs).
        {trusted ? (
          <> <strong>Trusted documents only:</strong> this server runs only the apps' registered operations, except for admin tokens and
            partner keys; paste an admin token, then re-fetch the schema (Ctrl-Shift-R) to use the docs.</>
        ) : null}
      </header>
      <div className="ide-main">
        <GraphiQL
          fetcher={fetcher}
          defaultHeaders={DEFAULT_HEADERS}
          defaultQuery={DEFAULT_QUERY}
          defaultEditorToolsVisibility="headers"
          shouldPersistHeaders={false}
          storage={storageWithoutHeaders}
        />
      </div>
    </div>
  );
}
