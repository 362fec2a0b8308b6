import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext, type HTTPGraphQLRequest } from '@apollo/server';
import express from 'express';
import type { DirectLane } from '../graphql/known-queries';
import type { Logger } from '../logger';

/** The GraphQL request a context function sees: the Node request and what Apollo was given of it. */
export interface GraphQLHttpRequest {
  req: IncomingMessage;
  graphql: HTTPGraphQLRequest;
}

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

/**
 * Answers a request a middleware failed (a malformed or oversized body, a thrown error) with a GraphQL-shaped JSON
 * error: the error's own 4xx, anything else 500 with nothing of the error but its log line.
 */
export function answerHttpError(res: ServerResponse, err: unknown, log: Logger): void {
  const given = (err as { status?: unknown } | null)?.status;
  const status = typeof given === 'number' && given >= 400 && given < 500 ? given : 500;
  if (status === 500) log.error('HTTP error', err);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST';
  const message = status === 413 ? 'Request body too large' : status === 500 ? 'Internal server error' : 'Malformed request';
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

/**
 * POST and GET /graphql straight on Node's HTTP server: CORS (the `cors` package), the JSON body (body-parser, as
 * `express.json`), then Apollo's `executeHTTPGraphQLRequest`, the entry point Apollo documents for integrations.
 *
 * Hand-written in place of `@as-integrations/express5` for speed alone. Every API request passed Express's router,
 * its request and response prototypes and `res.send`, and the integration's legacy `url.parse`: about a tenth of the
 * gateway's CPU on a drop-off search, more than the search's own SQL round trip costs here (docs/benchmarks.md, issue
 * 12, fourth round). What stays with the libraries: CORS, the body limit, charset and strict JSON (body-parser), and
 * everything GraphQL (Apollo: CSRF prevention, GET rules, APQ, content negotiation, status codes). Every other route
 * is Express's.
 */
export function graphqlEndpoint<TContext extends BaseContext>(options: {
  apollo: ApolloServer<TContext>;
  context: (request: GraphQLHttpRequest) => Promise<TContext>;
  crossOrigin: Middleware;
  bodyLimit: string | number;
  log: Logger;
  /** Answers known queries without Apollo's pipeline (known-queries.ts); what it leaves goes to Apollo. */
  direct?: DirectLane<TContext>;
}): (req: IncomingMessage, res: ServerResponse) => void {
  const { apollo, context, crossOrigin, log, direct } = options;
  apollo.assertStarted('graphqlEndpoint()');
  const json = express.json({ limit: options.bodyLimit }) as unknown as Middleware;

  const refuse = (res: ServerResponse, err: unknown) => answerHttpError(res, err, log);

  const execute = async (req: IncomingMessage, res: ServerResponse, search: string) => {
    const headers = new HeaderMap();
    for (const key in req.headers) {
      const value = req.headers[key];
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const graphql: HTTPGraphQLRequest = { method: req.method?.toUpperCase() ?? 'GET', headers, search, body: (req as { body?: unknown }).body };
    // One context per request, whichever answers it: Apollo gets the lane's promise, settled or not.
    let created: Promise<TContext> | undefined;
    const contextOnce = () => (created ??= context({ req, graphql }));
    const answered = direct ? await direct(graphql, contextOnce) : null;
    if (answered) {
      res.setHeader('content-type', answered.contentType);
      res.end(answered.body); // headers written with the body: one Content-Length response, as Apollo's below
      return;
    }
    const response = await apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest: graphql, context: contextOnce });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };

  // A middleware that throws instead of calling next() is answered like one that passed an error (as Express did).
  const guarded = (res: ServerResponse, step: () => void) => {
    try {
      step();
    } catch (e) {
      refuse(res, e);
    }
  };
  return (req, res) => {
    const url = req.url ?? '';
    const q = url.indexOf('?');
    const search = q >= 0 ? url.slice(q) : '';
    guarded(res, () => crossOrigin(req, res, (corsErr) => guarded(res, () => {
      if (corsErr) return refuse(res, corsErr);
      json(req, res, (bodyErr) => guarded(res, () => {
        if (bodyErr) return refuse(res, bodyErr);
        execute(req, res, search).catch((e: unknown) => refuse(res, e));
      }));
    })));
  };
}

/**
 * Whether a request is for /graphql or /graphql/, in any letter case, with any query string: the path
 * `graphqlEndpoint` answers. Longer paths (/graphql/x) and absolute-form targets (`POST http://host/graphql`, which
 * only proxies send) are Express's, which answers 404.
 */
export function isGraphqlPath(url: string | undefined): boolean {
  if (!url || url.length < 8 || url.slice(0, 8).toLowerCase() !== '/graphql') return false;
  const rest = url.length > 8 && url.charCodeAt(8) === 47 /* / */ ? 9 : 8;
  return url.length === rest || url.charCodeAt(rest) === 63 /* ? */;
}
