import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { GraphQLObjectType, GraphQLSchema } from 'graphql';
import { buildGatewaySchema, DIRECT_FIELDS } from '../../src/graphql/schema';
import { toGlobalId } from '../../src/graphql/ids';

// Field resolvers that take only the parent, the context and the info are called directly (src/graphql/direct-resolvers.ts);
// anything with arguments, roles or middleware keeps type-graphql's wrapper, which runs those checks.
let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildGatewaySchema();
});

const field = (type: string, name: string) => (schema.getType(type) as GraphQLObjectType).getFields()[name];

test('the hot fields of a page of returns are called directly', () => {
  for (const name of ['Return.id', 'Return.items', 'ReturnItem.id', 'ReturnItem.orderLine', 'OrderLine.unitPrice']) expect(DIRECT_FIELDS).toContain(name);
});

test('a field behind @Authorized or with arguments keeps the wrapper that checks them', () => {
  for (const name of ['ReturnItem.custody', 'Order.returnRisk', 'OrderLine.returnRisk', 'BulkImport.errors']) expect(DIRECT_FIELDS).not.toContain(name);
  expect(field('BulkImport', 'errors').args.length).toBeGreaterThan(0);
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
