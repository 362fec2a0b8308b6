import { parse, validate, specifiedRules } from 'graphql';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { buildGatewaySchema } from '../../src/graphql/schema';
import { complexityPlugin } from '../../src/graphql/complexity';
test('p', async () => {
  const schema = await buildGatewaySchema();
  for (const q of ['query { returns { ...A } } fragment A on ReturnConnection { edges { node { ...B } } } fragment B on Return { items { orderLine { unitPrice { amount } } } order { customer { id } } }',
    '{ __type(name: "Return") { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } } }']) {
    try { console.log(validate(schema, parse(q), [...specifiedRules, maxDepthRule({ n: 10, exposeLimits: true })]).map(e => [e.message, e.extensions])); } catch (e) { console.log('THROWN validate', e); }
    const p: any = await (complexityPlugin(schema, 5000) as any).requestDidStart();
    try { await p.didResolveOperation({ request: { variables: {} }, document: parse(q), operation: (parse(q).definitions[0]) }); console.log('ok'); } catch (e) { console.log('THROWN complexity', e); }
  }
});
