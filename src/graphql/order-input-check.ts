import { validateSync, type ValidationError } from 'class-validator';
import { coerceInputValue, type GraphQLInputType, type GraphQLSchema } from 'graphql';
import { Arg, buildSchema, Query, Resolver } from 'type-graphql';
import { unstorableReason } from '../domain/storable-input';
import { fastOrderInputCheck } from './order-input-fast';
import { AddressInput, CustomerInput, OrderInput, OrderLineInput } from './types/order.inputs';
import { ImportReturnInput, ImportReturnItemInput, ImportReturnsInput } from './types/return-import.types';

/** A JSON value checked as an `OrderInput`: the order, or why not (one line of text naming the field). */
export type OrderInputCheck = { ok: true; order: OrderInput } | { ok: false; message: string };

/** A JSON value checked as one of `importReturns`' returns, with its merchant: the input, or why not. */
export type ReturnInputCheck = { ok: true; input: ImportReturnsInput & { returns: [ImportReturnInput] } } | { ok: false; message: string };

/** Only here to give the bulk kinds' input types a GraphQL type of their own, outside the gateway's schema. */
@Resolver()
class BulkInputHolder {
  @Query(() => Boolean, { description: 'Never served: holds OrderInput for bulk-import checks.' })
  check(@Arg('order', () => OrderInput) order: OrderInput): boolean {
    return order !== null;
  }

  @Query(() => Boolean, { description: 'Never served: holds ImportReturnsInput for bulk-import checks.' })
  checkReturns(@Arg('input', () => ImportReturnsInput) input: ImportReturnsInput): boolean {
    return input !== null;
  }
}

let cached: Promise<GraphQLSchema> | null = null;

function inputType(name: 'OrderInput' | 'ImportReturnsInput'): Promise<GraphQLInputType> {
  cached ??= buildSchema({ resolvers: [BulkInputHolder], authChecker: () => false, validate: false, emitSchemaFile: false });
  return cached.then((schema) => schema.getType(name) as GraphQLInputType);
}

/** The coerced value as the classes type-graphql would hand a resolver, so their class-validator rules apply. */
function toOrderInstance(v: OrderInput): OrderInput {
  return Object.assign(new OrderInput(), v, {
    customer: Object.assign(new CustomerInput(), v.customer),
    lines: v.lines.map((l) => Object.assign(new OrderLineInput(), l)),
    shippingAddress: v.shippingAddress ? Object.assign(new AddressInput(), v.shippingAddress) : v.shippingAddress,
  });
}

function toReturnsInstance(v: ImportReturnsInput): ImportReturnsInput {
  return Object.assign(new ImportReturnsInput(), v, {
    returns: v.returns.map((r) => Object.assign(new ImportReturnInput(), r, { items: r.items.map((i) => Object.assign(new ImportReturnItemInput(), i)) })),
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
 * Checks a JSON value exactly as a mutation checks its argument of this type: GraphQL input coercion (required fields,
 * types, unknown fields, DateTime), then the class-validator rules of the input classes, then what PostgreSQL can
 * store. Resolves to a function, built once per process.
 */
async function inputChecker<T extends object>(
  name: 'OrderInput' | 'ImportReturnsInput', toInstance: (v: T) => T, what: string,
): Promise<(value: unknown) => { ok: true; value: T } | { ok: false; message: string }> {
  const type = await inputType(name);
  return (value) => {
    let problem: string | null = null;
    const coerced = coerceInputValue(value, type, (path, _invalid, error) => {
      problem ??= `${path.length ? `${path.join('.')}: ` : ''}${error.message}`;
    }) as T | undefined;
    if (problem || !coerced) return { ok: false, message: problem ?? `not ${what}` };
    const instance = toInstance(coerced);
    const violation = firstViolation(validateSync(instance, { forbidUnknownValues: false }));
    if (violation) return { ok: false, message: violation };
    const unstorable = unstorableReason(instance);
    if (unstorable) return { ok: false, message: unstorable };
    return { ok: true, value: instance };
  };
}

/** Checks a JSON value exactly as `importOrders` checks one of its `orders` (GraphQL coercion and class-validator). */
export async function exactOrderInputChecker(): Promise<(value: unknown) => OrderInputCheck> {
  const check = await inputChecker<OrderInput>('OrderInput', toOrderInstance, 'an order');
  return (value) => {
    const checked = check(value);
    return checked.ok ? { ok: true, order: checked.value } : checked;
  };
}

/**
 * The two ways an `order` line is checked: `exact` (GraphQL coercion and class-validator, as `importOrders`) and
 * `fast` (the compiled schema of order-input-fast.ts): the order when it accepts the value, else null.
 */
export async function orderInputCheckPaths(): Promise<{ exact: (value: unknown) => OrderInputCheck; fast: (value: unknown) => OrderInput | null }> {
  const exact = await exactOrderInputChecker();
  const coerce = fastOrderInputCheck(await inputType('OrderInput'));
  return {
    exact,
    fast: (value) => {
      // Plain objects, not the input classes' instances: nothing downstream of the check tells them apart.
      const order = coerce(value) as OrderInput | null;
      return order && unstorableReason(order) === null ? order : null;
    },
  };
}

/**
 * Checks a JSON value as `importOrders` checks one of its `orders`, with the same outcome and message as the exact
 * check: a line the fast path accepts is taken from there (several times cheaper), any other goes through the exact
 * check (test/unit/order-input-fast.test.ts runs good and bad lines through both).
 */
export async function orderInputChecker(): Promise<(value: unknown) => OrderInputCheck> {
  const { exact, fast } = await orderInputCheckPaths();
  return (value) => {
    const order = fast(value);
    return order ? { ok: true, order } : exact(value);
  };
}

/**
 * Checks a JSON object exactly as `importReturns` checks its input with this one return: the object's `merchant` (if
 * any) as `input.merchant`, the rest as `input.returns[0]`. Messages name fields from the return (`items.0.quantity`).
 */
export async function returnInputChecker(): Promise<(value: Record<string, unknown>) => ReturnInputCheck> {
  const check = await inputChecker<ImportReturnsInput>('ImportReturnsInput', toReturnsInstance, 'a return');
  return ({ merchant, ...ret }) => {
    const checked = check({ merchant, returns: [ret] });
    if (!checked.ok) return { ok: false, message: checked.message.replace(/^returns\.0(\.|: )/, '') };
    return { ok: true, input: checked.value as ImportReturnsInput & { returns: [ImportReturnInput] } };
  };
}
