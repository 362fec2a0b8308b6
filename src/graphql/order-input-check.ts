import { validateSync, type ValidationError } from 'class-validator';
import { coerceInputValue, type GraphQLInputType, type GraphQLSchema } from 'graphql';
import { Arg, buildSchema, Query, Resolver } from 'type-graphql';
import { unstorableReason } from '../domain/storable-input';
import { AddressInput, CustomerInput, OrderInput, OrderLineInput } from './types/order.inputs';

/** A JSON value checked as an `OrderInput`: the order, or why not (one line of text naming the field). */
export type OrderInputCheck = { ok: true; order: OrderInput } | { ok: false; message: string };

/** Only here to give `OrderInput` a GraphQL type of its own, outside the gateway's schema. */
@Resolver()
class OrderInputHolder {
  @Query(() => Boolean, { description: 'Never served: holds OrderInput for bulk-import checks.' })
  check(@Arg('order', () => OrderInput) order: OrderInput): boolean {
    return order !== null;
  }
}

let cached: Promise<GraphQLInputType> | null = null;

function orderInputType(): Promise<GraphQLInputType> {
  cached ??= buildSchema({ resolvers: [OrderInputHolder], authChecker: () => false, validate: false, emitSchemaFile: false })
    .then((schema: GraphQLSchema) => schema.getType('OrderInput') as GraphQLInputType);
  return cached;
}

/** The coerced value as the classes type-graphql would hand a resolver, so their class-validator rules apply. */
function toInstance(v: OrderInput): OrderInput {
  return Object.assign(new OrderInput(), v, {
    customer: Object.assign(new CustomerInput(), v.customer),
    lines: v.lines.map((l) => Object.assign(new OrderLineInput(), l)),
    shippingAddress: v.shippingAddress ? Object.assign(new AddressInput(), v.shippingAddress) : v.shippingAddress,
  });
}

function firstViolation(errors: ValidationError[], path: string[] = []): string | null {
  for (const e of errors) {
    const at = [...path, e.property];
    const constraint = e.constraints && Object.values(e.constraints)[0];
    if (constraint) return `${at.join('.')}: ${constraint}`;
    const nested = firstViolation(e.children ?? [], at);
    if (nested) return nested;
  }
  return null;
}

/**
 * Checks a JSON value exactly as `importOrders` checks one of its `orders`: GraphQL input coercion (required fields,
 * types, unknown fields, DateTime), then the class-validator rules of the input classes, then what PostgreSQL can
 * store. Resolves to a function, built once per process.
 */
export async function orderInputChecker(): Promise<(value: unknown) => OrderInputCheck> {
  const type = await orderInputType();
  return (value) => {
    let problem: string | null = null;
    const coerced = coerceInputValue(value, type, (path, _invalid, error) => {
      problem ??= `${path.length ? `${path.join('.')}: ` : ''}${error.message}`;
    }) as OrderInput | undefined;
    if (problem || !coerced) return { ok: false, message: problem ?? 'not an order' };
    const order = toInstance(coerced);
    const violation = firstViolation(validateSync(order, { forbidUnknownValues: false }));
    if (violation) return { ok: false, message: violation };
    const unstorable = unstorableReason(order);
    if (unstorable) return { ok: false, message: unstorable };
    return { ok: true, order };
  };
}
