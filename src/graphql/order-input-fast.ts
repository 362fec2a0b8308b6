import Ajv, { type ValidateFunction } from 'ajv';
import { isEmail, maxLength, minLength } from 'class-validator';
import { getNullableType, isInputObjectType, isListType, isScalarType, type GraphQLInputType } from 'graphql';

/*
 * A fast path for checking bulk-import `order` lines (docs/importing.md). The exact check (order-input-check.ts) runs
 * GraphQL input coercion and class-validator over every line, which costs more than writing the line. Here a compiled
 * JSON Schema (ajv) holds the same rules, written to accept only what the exact check accepts (it may refuse more): a
 * line it accepts is coerced by the GraphQL type's own scalars into the same value the exact check returns; a line it
 * refuses goes through the exact check, which gives the refusal (or, where this schema was stricter, accepts it). So a
 * line's outcome and message never depend on the path; test/unit/order-input-fast.test.ts compares both paths.
 */

/** class-validator's own length and e-mail rules, so strings are measured exactly as the input classes measure them. */
function ajvWithClassValidatorRules(): Ajv {
  const ajv = new Ajv({ allErrors: false, strict: true, unicodeRegExp: true });
  ajv.addKeyword({ keyword: 'cvMinLength', type: 'string', schemaType: 'number', errors: false, validate: (min: number, data: string) => minLength(data, min) });
  ajv.addKeyword({ keyword: 'cvMaxLength', type: 'string', schemaType: 'number', errors: false, validate: (max: number, data: string) => maxLength(data, max) });
  ajv.addKeyword({ keyword: 'cvEmail', type: 'string', schemaType: 'boolean', errors: false, validate: (_: boolean, data: string) => isEmail(data) });
  return ajv;
}

const text = (min: number | null, max: number) => ({ type: 'string', ...(min === null ? {} : { cvMinLength: min }), cvMaxLength: max });
const orNull = (schema: object) => ({ anyOf: [{ type: 'null' }, schema] });
const AMOUNT = { type: 'string', pattern: '^\\d{1,15}(\\.\\d{1,3})?$' };
/** RFC 3339 as GraphQLDateTime reads it; the scalar itself still parses the value (and refuses e.g. 30 February). */
const DATE_TIME = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?([Zz]|[+-]\\d{2}:\\d{2})$' };
const INT32 = { type: 'integer', minimum: -2147483648, maximum: 2147483647 };

/** OrderInput's fields and rules (src/graphql/types/order.inputs.ts) as a JSON Schema. */
export const ORDER_INPUT_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['orderNumber', 'customer', 'currencyCode', 'placedAt', 'lines'],
  properties: {
    orderNumber: text(1, 100),
    customer: {
      type: 'object',
      additionalProperties: false,
      required: ['externalId', 'email'],
      properties: {
        externalId: text(1, 200),
        email: { type: 'string', cvEmail: true, cvMaxLength: 320 },
        name: orNull(text(null, 200)),
        trusted: orNull({ type: 'boolean' }),
      },
    },
    currencyCode: { type: 'string', pattern: '^[A-Z]{3}$' },
    placedAt: DATE_TIME,
    deliveredAt: orNull(DATE_TIME),
    lines: {
      type: 'array',
      minItems: 1,
      maxItems: 1000,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['sku', 'name', 'category', 'quantity', 'unitPrice'],
        properties: {
          sku: text(1, 100),
          name: text(1, 500),
          category: text(1, 100),
          quantity: { ...INT32, minimum: 1, maximum: 100_000 },
          unitPrice: AMOUNT,
          discount: orNull(AMOUNT),
          weightGrams: orNull({ ...INT32, minimum: 0, maximum: 10_000_000 }),
          refurbishable: orNull({ type: 'boolean' }),
          vendorReturnable: orNull({ type: 'boolean' }),
          supplier: orNull(text(null, 200)),
          recyclable: orNull({ type: 'boolean' }),
        },
      },
    },
    shippingAddress: orNull({
      type: 'object',
      additionalProperties: false,
      required: ['line1', 'city', 'postalCode', 'countryCode'],
      properties: {
        name: orNull(text(null, 200)),
        line1: text(1, 200),
        line2: orNull(text(null, 200)),
        city: text(1, 100),
        postalCode: text(1, 20),
        countryCode: { type: 'string', pattern: '^[A-Z]{2}$' },
        phone: orNull(text(null, 40)),
        latitude: orNull({ type: 'number', minimum: -90, maximum: 90 }),
        longitude: orNull({ type: 'number', minimum: -180, maximum: 180 }),
      },
    }),
  },
} as const;

type Coerce = (value: unknown) => unknown;

/**
 * How a value already known to be valid is coerced, as graphql-js coerces an input value: input objects rebuilt with
 * the type's fields in the type's order (left-out fields left out, nulls kept), scalars through the type's own
 * `parseValue` (DateTime strings become Dates; it throws where it refuses). Built once per type, so checking a line
 * does not look types up again.
 */
function coercer(type: GraphQLInputType): Coerce {
  const named = getNullableType(type);
  if (isListType(named)) {
    const item = coercer(named.ofType);
    return (value) => (value === null ? null : (value as unknown[]).map(item));
  }
  if (isInputObjectType(named)) {
    let fields: Array<[string, Coerce]> | null = null;
    return (value) => {
      if (value === null) return null;
      fields ??= Object.values(named.getFields()).map((f) => {
        if (f.defaultValue !== undefined) throw new TypeError(`${named.name}.${f.name}: default values are not handled`);
        return [f.name, coercer(f.type)];
      });
      const out: Record<string, unknown> = {};
      for (const [name, coerce] of fields) {
        const v = (value as Record<string, unknown>)[name];
        if (v !== undefined) out[name] = coerce(v);
      }
      return out;
    };
  }
  if (isScalarType(named)) {
    return (value) => {
      if (value === null) return null;
      const parsed: unknown = named.parseValue(value);
      if (parsed === undefined) throw new TypeError(`${named.name} refused the value`);
      return parsed;
    };
  }
  throw new TypeError(`no fast coercion for ${String(named)}`);
}

/**
 * The fast check of an `OrderInput`: the coerced value (as graphql-js would give it, before class instances) when the
 * schema accepts the line, null when the line must go through the exact check.
 */
export function fastOrderInputCheck(type: GraphQLInputType): (value: unknown) => Record<string, unknown> | null {
  const validate: ValidateFunction = ajvWithClassValidatorRules().compile(ORDER_INPUT_SCHEMA);
  const coerce = coercer(type);
  return (value) => {
    if (!validate(value)) return null;
    try {
      return coerce(value) as Record<string, unknown>;
    } catch {
      return null;
    }
  };
}
