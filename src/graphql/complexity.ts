import type { GraphQLRequest } from '@apollo/server';
import {
  GraphQLError, TypeInfo, getVariableValues, visit, visitWithTypeInfo, type ASTNode, type DocumentNode, type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { LRUCache } from 'lru-cache';
import type { OperationCheck } from './operation-checks';

type Coercion = ReturnType<typeof getVariableValues>;

const coercions = new WeakMap<GraphQLRequest, Coercion>();

/**
 * The request's variables coerced for its operation, once per request (the complexity and storable-input plugins both
 * need them before execution): `errors` when they do not coerce, which execution then reports as BAD_USER_INPUT.
 */
export function coercedVariables(schema: GraphQLSchema, request: GraphQLRequest, operation: OperationDefinitionNode | undefined): Coercion {
  let coercion = coercions.get(request);
  if (!coercion) {
    coercion = getVariableValues(schema, operation?.variableDefinitions ?? [], request.variables ?? {});
    coercions.set(request, coercion);
  }
  return coercion;
}

/** Names of the variables an estimate can depend on: those inside arguments of fields with a complexity function, or of directives (@skip, @include). */
function estimateInputs(schema: GraphQLSchema, document: DocumentNode): string[] {
  const names = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  const collect = (node: ASTNode) => visit(node, { Variable(v) { names.add(v.name.value); } });
  visit(document, visitWithTypeInfo(typeInfo, {
    Field(node) {
      if (typeInfo.getFieldDef()?.extensions?.complexity) for (const argument of node.arguments ?? []) collect(argument);
    },
    Directive(node) {
      for (const argument of node.arguments ?? []) collect(argument);
    },
  }));
  return [...names].sort();
}

/** Estimates remembered per parsed document (Apollo's document store hands repeated query texts the same one). */
interface DocumentEstimates {
  inputs: string[];
  /** By operation name and the values of `inputs`. */
  byInputs: LRUCache<string, number>;
}

/**
 * Rejects operations whose estimated cost exceeds `max` before any resolver runs.
 *
 * An estimate depends on the document, the operation and the variables that reach a field's complexity function or a
 * directive, nothing else; it is remembered for those, so a query sent again (another page, a mutation with other
 * input) is not walked again. The walk is what costs: a page of returns with items and lines is about 60 fields.
 */
export function complexityCheck(schema: GraphQLSchema, max: number): OperationCheck {
  const estimates = new WeakMap<DocumentNode, DocumentEstimates>();
  return (request, document, operation) => {
    let known = estimates.get(document);
    if (!known) {
      known = { inputs: estimateInputs(schema, document), byInputs: new LRUCache({ max: 256 }) };
      estimates.set(document, known);
    }
    const variables = request.variables ?? {};
    // An absent variable (its default applies) is not a null one.
    const key = JSON.stringify([request.operationName ?? null, ...known.inputs.map((name) => (name in variables ? [variables[name]] : 0))]);
    let complexity = key.length <= 4096 ? known.byInputs.get(key) : undefined;
    if (complexity === undefined) {
      // Variables that do not coerce are the client's mistake: execution rejects them as BAD_USER_INPUT before any
      // resolver runs, whereas getComplexity would throw an unclassified error (answered as a 500). An estimate
      // is only ever remembered for inputs that coerced, so a remembered one needs no coercion.
      if (coercedVariables(schema, request, operation).errors?.length) return;
      complexity = getComplexity({
        schema, query: document, operationName: request.operationName, variables: request.variables,
        estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
      });
      if (key.length <= 4096) known.byInputs.set(key, complexity);
    }
    if (complexity > max) {
      throw new GraphQLError(`Query is too costly: ${complexity} exceeds the limit of ${max}`, { extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } } });
    }
  };
}
