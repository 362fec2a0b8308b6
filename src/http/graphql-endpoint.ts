import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext, type HTTPGraphQLRequest } from '@apollo/server';
import bytes from 'bytes';
import express from 'express';
import type { DirectLane } from '../graphql/known-queries';
import type { Logger } from '../logger';

/** The GraphQL request a context function sees: the Node request and what Apollo was given of it. */
export interface GraphQLHttpRequest {
  req: IncomingMessage;
  graphql: HTTPGraphQLRequest;
}

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

/** The Content-Type values of the bodies `plainJsonBody` reads; any other (parameters, charsets, spellings) is body-parser's. */
const PLAIN_JSON_TYPES = new Set(['application/json', 'application/json; charset=utf-8', 'application/json;charset=utf-8']);
/** JSON whitespace, which body-parser's strict mode skips before the first character. */
const JSON_SPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

const malformed = (message: string) => Object.assign(new Error(message), { status: 400 });

/**
 * Reads the body nearly every API request has — UTF-8 JSON of a declared length within the limit, not compressed — as
 * `express.json` would, without body-parser's machinery around it (raw-body's stream handling, iconv-lite, type-is and
 * content-type parsing): 3–5% of a drop-off search (docs/benchmarks.md, issue 12, fifth round). Same outcome: a
 * leading BOM is dropped, only an object or array is accepted (strict), anything else is a 400, and `req.body` is the
 * parsed value ({} for an empty body). Answers false, reading nothing, for any other request: body-parser reads those
 * (chunked, gzip or deflate, other charsets, a length over the limit, another content type).
 */
export function plainJsonBody(req: IncomingMessage, limit: number, done: (err?: unknown) => void): boolean {
  const type = req.headers['content-type'];
  const length = req.headers['content-length'];
  // A body something already read never ends again: left to body-parser, which knows.
  if (req.readableEnded || req.method !== 'POST' || type === undefined || !PLAIN_JSON_TYPES.has(type.toLowerCase()) || req.headers['content-encoding'] !== undefined
    || req.headers['transfer-encoding'] !== undefined || length === undefined || !/^\d{1,9}$/.test(length) || Number(length) > limit) return false;
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  // A client that goes away mid-body gets no answer; the error must not go unhandled.
  req.on('error', () => undefined);
  req.on('end', () => {
    const raw = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
    let start = raw.length >= 3 && raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf ? 3 : 0;
    if (start === raw.length) {
      (req as { body?: unknown }).body = {};
      return done();
    }
    while (start < raw.length && JSON_SPACE.has(raw[start])) start += 1;
    if (raw[start] !== 0x7b /* { */ && raw[start] !== 0x5b /* [ */) return done(malformed('JSON body must be an object or an array'));
    try {
      (req as { body?: unknown }).body = JSON.parse(raw.toString('utf8', start));
    } catch {
      return done(malformed('Malformed JSON body'));
    }
    done();
  });
  return true;
}

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
 * POST and GET /graphql straight on Node's HTTP server: CORS (the `cors` package), the JSON body (`plainJsonBody`,
 * else body-parser as `express.json`), then known queries (`direct`) or Apollo's `executeHTTPGraphQLRequest`, the
 * entry point Apollo documents for integrations.
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
  const limit = typeof options.bodyLimit === 'number' ? options.bodyLimit : bytes.parse(options.bodyLimit) ?? 0;

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
      const read = (bodyErr?: unknown) => guarded(res, () => {
        if (bodyErr) return refuse(res, bodyErr);
        execute(req, res, search).catch((e: unknown) => refuse(res, e));
      });
      if (!plainJsonBody(req, limit, read)) json(req, res, read);
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
