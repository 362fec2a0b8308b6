import 'reflect-metadata';
import { isAbstractType, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { authChecker } from './auth-checker';
import { needsValidation, validateArgument } from './validate-argument';
import { directFieldResolvers, ResolverInstances } from './direct-resolvers';
import { AdminOperationResolver } from './resolvers/admin-operation.resolver';
import { checkDeclaredErrorCodes } from './mutation-error-codes';
import { endReadsBeforeMutations } from './read-snapshot';
import { BulkImportResolver } from './resolvers/bulk-import.resolver';
import { AnalyticsResolver, SerialReturnerResolver } from './resolvers/analytics.resolver';
import { ExchangeResolver, ReturnExchangeResolver, ReturnItemExchangeResolver } from './resolvers/exchange.resolver';
import { ForecastResolver } from './resolvers/forecast.resolver';
import { DropOffLocationResolver, ReturnMethodFieldResolver, ReturnMethodResolver } from './resolvers/method.resolver';
import { NodeResolver } from './resolvers/node.resolver';
import { CustomerResolver, OrderLineResolver, OrderResolver } from './resolvers/order.resolver';
import { IntegrationJobResolver, PartnerApiKeyResolver, PartnerResolver } from './resolvers/partner.resolver';
import { PolicyResolver } from './resolvers/policy.resolver';
import { RecyclingLotUnitResolver, RecyclingResolver } from './resolvers/recycling.resolver';
import { RefurbishmentResolver } from './resolvers/refurbishment.resolver';
import { DisposalResolver, ResaleResolver } from './resolvers/resale.resolver';
import { ReturnFieldsResolver } from './resolvers/return-fields.resolver';
import { ReturnImportResolver } from './resolvers/return-import.resolver';
import { ReturnSettlementResolver } from './resolvers/settlement.resolver';
import { ReturnItemResolver } from './resolvers/return-item.resolver';
import { OrderLineRiskResolver, OrderRiskResolver, RiskModelResolver } from './resolvers/risk.resolver';
import { ReturnConnectionResolver, ReturnResolver } from './resolvers/return.resolver';
import { ReturnQuoteResolver } from './resolvers/return-quote.resolver';
import { OrderLookupResolver } from './resolvers/order-lookup.resolver';
import { SustainabilityResolver } from './resolvers/sustainability.resolver';
import { VendorReturnResolver, VendorReturnUnitResolver } from './resolvers/vendor-return.resolver';
import { ViewerResolver } from './resolvers/viewer.resolver';
import { WarehouseResolver } from './resolvers/warehouse.resolver';
import { resolveAdminOperationResult } from './types/admin-operation.types';
import { resolveNodeType } from './types/common.types';
import './types/enums';

let cached: Promise<GraphQLSchema> | null = null;

/** The fields (root fields among them) whose resolvers are called directly, not through type-graphql's wrapper (direct-resolvers.ts). */
export const DIRECT_FIELDS = new Set<string>();

/** type-graphql builds the root types itself: their descriptions are set here. */
function describeRootTypes(schema: GraphQLSchema): GraphQLSchema {
  const query = schema.getQueryType();
  const mutation = schema.getMutationType();
  if (query) query.description = 'Reads. Every field checks who is asking: customers and guests see only their own orders and returns, partners only their own work; staff-only fields say so.';
  if (mutation) mutation.description = 'Writes. Each takes one input and answers a payload with userErrors (docs/error-codes.md lists the codes of each); malformed input, missing credentials and missing rights are top-level errors instead.';
  return schema;
}

/**
 * The resolveType functions the types declare, by type name. type-graphql wraps each one in an async function, and
 * graphql-jit (executor.ts) cannot wait for a type: the declared ones are synchronous, so they are installed as they
 * are. An interface or union declared with a resolveType of its own must be listed here (the executor refuses to start
 * otherwise); those without one keep type-graphql's synchronous instanceof check.
 */
const TYPE_RESOLVERS: Record<string, (value: never) => string | undefined> = {
  Node: resolveNodeType,
  AdminOperationResult: resolveAdminOperationResult,
};

function synchronousTypeResolvers(schema: GraphQLSchema): GraphQLSchema {
  for (const [name, resolve] of Object.entries(TYPE_RESOLVERS)) {
    const type = schema.getType(name);
    if (!type || !isAbstractType(type)) throw new Error(`TYPE_RESOLVERS names ${name}, which is not an interface or union of the schema`);
    type.resolveType = resolve as (value: unknown) => string | undefined;
  }
  return schema;
}

/** Builds the executable schema once per process (type-graphql metadata is global). */
export function buildGatewaySchema(): Promise<GraphQLSchema> {
  if (cached) return cached;
  const instances = new ResolverInstances();
  const resolvers = [
    NodeResolver, ViewerResolver, OrderResolver, OrderLineResolver, CustomerResolver, PolicyResolver,
    ReturnResolver, ReturnQuoteResolver, OrderLookupResolver, ReturnConnectionResolver, ReturnFieldsResolver, ReturnSettlementResolver, ReturnItemResolver, WarehouseResolver,
    PartnerResolver, PartnerApiKeyResolver, IntegrationJobResolver,
    ReturnMethodResolver, DropOffLocationResolver, ReturnMethodFieldResolver, RefurbishmentResolver, RecyclingResolver, RecyclingLotUnitResolver,
    ResaleResolver, DisposalResolver, VendorReturnResolver, VendorReturnUnitResolver,
    SustainabilityResolver,
    RiskModelResolver, OrderRiskResolver, OrderLineRiskResolver,
    ForecastResolver, ReturnImportResolver,
    AnalyticsResolver, SerialReturnerResolver, AdminOperationResolver, BulkImportResolver,
    ExchangeResolver, ReturnExchangeResolver, ReturnItemExchangeResolver,
  ] as const;
  // What every resolver runs before its method, through type-graphql's wrapper or a direct call (direct-resolvers.ts):
  // class-validator with { forbidUnknownValues: false }, as type-graphql's `validate` option runs it, minus its costs.
  const checks = { authChecker, authMode: 'error' as const, validateFn: validateArgument };
  cached = buildSchema({
    container: instances,
    resolvers,
    ...checks,
    emitSchemaFile: false,
  }).then(describeRootTypes).then(synchronousTypeResolvers).then((schema) => {
    for (const name of directFieldResolvers(schema, instances, resolvers, { ...checks, needsValidation })) DIRECT_FIELDS.add(name);
    return schema;
  }).then(endReadsBeforeMutations).then(checkDeclaredErrorCodes);
  return cached;
}
