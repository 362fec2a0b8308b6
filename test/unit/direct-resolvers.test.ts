import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { GraphQLObjectType, GraphQLSchema } from 'graphql';
import { buildGatewaySchema, DIRECT_FIELDS } from '../../src/graphql/schema';
import { toGlobalId } from '../../src/graphql/ids';
import { ArgumentValidationError, AuthorizationError } from 'type-graphql';
import { UnauthenticatedError } from '../../src/services/errors';

// Resolvers that take the parent, the context, the info and arguments of scalar, enum or flat input types are called
// directly (src/graphql/direct-resolvers.ts), with type-graphql's auth check and argument validation done there; nested
// input types, `@Args` classes and middleware keep type-graphql's wrapper.
let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildGatewaySchema();
});

const field = (type: string, name: string) => (schema.getType(type) as GraphQLObjectType).getFields()[name];

test('the hot fields of a page of returns are called directly', () => {
  for (const name of ['Return.id', 'Return.items', 'ReturnItem.id', 'ReturnItem.orderLine', 'OrderLine.unitPrice']) expect(DIRECT_FIELDS).toContain(name);
});

test('root fields and fields with roles or flat arguments are direct too; nested input types keep the wrapper', () => {
  for (const name of ['Query.dropOffLocations', 'Query.node', 'Query.returnByRma', 'ReturnItem.custody', 'Order.returnRisk', 'BulkImport.errors']) {
    expect(DIRECT_FIELDS).toContain(name);
  }
  // A filter input with a nested input, and an input with a list of input objects: type-graphql converts those.
  for (const name of ['Query.returns', 'Mutation.requestReturn']) expect(DIRECT_FIELDS).not.toContain(name);
});

const as = (kind: string) => ({ svc: { actor: kind === 'anonymous' ? { kind } : { kind, subject: 'x', externalId: 'x' } } });

test('a direct resolver with roles refuses as type-graphql does: UNAUTHENTICATED anonymous, AuthorizationError without the role', async () => {
  const custody = field('ReturnItem', 'custody').resolve!;
  expect(() => custody({ id: randomUUID() }, {}, as('anonymous'), undefined as never)).toThrow(UnauthenticatedError);
  expect(() => custody({ id: randomUUID() }, {}, as('customer'), undefined as never)).toThrow(AuthorizationError);
  const search = field('Query', 'dropOffLocations').resolve!;
  expect(() => search(undefined, { near: { latitude: 1, longitude: 1 } }, as('anonymous'), undefined as never)).toThrow(UnauthenticatedError);
});

test('a direct resolver validates its input arguments as type-graphql does, before the method runs', async () => {
  const search = field('Query', 'dropOffLocations').resolve!;
  // No database in this context: the method would fail if it ran; validation refuses first.
  const refused = search(undefined, { near: { latitude: 91, longitude: 1 } }, as('customer'), undefined as never) as Promise<unknown>;
  await expect(refused).rejects.toBeInstanceOf(ArgumentValidationError);
  await expect(refused).rejects.toMatchObject({ extensions: { validationErrors: [expect.objectContaining({ property: 'latitude' })] } });
});

test('a direct resolver answers what its method answers, on the parent it is given', () => {
  const id = randomUUID();
  const resolve = field('Return', 'id').resolve!;
  expect(resolve({ id }, {}, {}, undefined as never)).toBe(toGlobalId('Return', id));
  const prefetched = [{ id: randomUUID() }];
  // Return.items answers from what the page statement kept, without a loader call.
  const loaders = {};
  const context = { loaders, prefetched: { loaders, items: new Map([[id, prefetched]]), lines: new Map() } };
  expect(field('Return', 'items').resolve!({ id }, {}, context, undefined as never)).toBe(prefetched);
});
