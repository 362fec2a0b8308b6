import { describeValue } from './money';
import {
  FACTOR_TABLE_SPECS, FACTOR_TABLES, WASTE_ROUTES,
  type Factor, type FactorOverrides, type FactorTableName, type FactorTableSpec,
} from './sustainability-factors';

/** One problem with an override document: what is wrong and where (path inside the document). */
export interface FactorProblem {
  message: string;
  path: string[];
}

/** Outcome of validating admin-supplied factor overrides. */
export type FactorValidation = { ok: true; overrides: FactorOverrides } | { ok: false; problems: FactorProblem[] };

const MAX_ROWS = 200;
const MAX_PROBLEMS = 50;
const MAX_CATEGORY = 100;
const MAX_SOURCE = 500;
const MAX_AMOUNT = 1_000_000;

type JsonObject = Record<string, unknown>;
const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Checks one value against its table's kind; returns the problem or null. */
function valueProblem(spec: FactorTableSpec, value: unknown): string | null {
  if (spec.kind === 'route') {
    return typeof value === 'string' && (WASTE_ROUTES as readonly string[]).includes(value)
      ? null : `must be one of ${WASTE_ROUTES.join(', ')}, got ${describeValue(value)}`;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return `must be a number, got ${describeValue(value)}`;
  if (value < 0) return `must not be negative, got ${describeValue(value)}`;
  if (spec.kind === 'rate' && value > 1) return `is a rate and must be between 0 and 1, got ${describeValue(value)}`;
  if (value > MAX_AMOUNT) return `must be at most ${MAX_AMOUNT}, got ${describeValue(value)}`;
  return null;
}

/** A row: a bare value, or `{ value, source }`; returns the factor with its source, or null after recording problems. */
function row(spec: FactorTableSpec, input: unknown, path: string[], defaultSource: string, problems: FactorProblem[]): Factor<number | string> | null {
  let value = input;
  let source = defaultSource;
  if (isObject(input)) {
    for (const key of Object.keys(input)) {
      if (key !== 'value' && key !== 'source') problems.push({ message: `unknown key ${describeValue(key)} (a row is a value or { value, source })`, path: [...path, key] });
    }
    value = input.value;
    if (input.source !== undefined) {
      if (typeof input.source !== 'string' || input.source.trim() === '' || input.source.length > MAX_SOURCE) {
        problems.push({ message: `source must be non-empty text of at most ${MAX_SOURCE} characters`, path: [...path, 'source'] });
      } else {
        source = input.source.trim();
      }
    }
  }
  const problem = valueProblem(spec, value);
  if (problem) problems.push({ message: `${path.join('.')} ${problem}`, path });
  return problem ? null : { value: value as number | string, source };
}

/** A table: one row (single-number tables), or rows by fixed key or product category (trimmed, lower-cased, unique). */
function table(name: FactorTableName, input: unknown, defaultSource: string, problems: FactorProblem[]): Factor<number | string> | Record<string, Factor<number | string>> | null {
  const spec = FACTOR_TABLE_SPECS[name];
  if (spec.keys === 'scalar') return row(spec, input, [name], defaultSource, problems);
  if (!isObject(input)) {
    problems.push({ message: `${name} must be an object of rows`, path: [name] });
    return {};
  }
  const entries = Object.entries(input);
  if (entries.length > MAX_ROWS) problems.push({ message: `${name} takes at most ${MAX_ROWS} rows`, path: [name] });
  const out: Record<string, Factor<number | string>> = {};
  for (const [rawKey, value] of entries.slice(0, MAX_ROWS)) {
    let key = rawKey;
    if (spec.keys === 'category') {
      key = rawKey.trim().toLowerCase();
      if (key === '' || key.length > MAX_CATEGORY) {
        problems.push({ message: `${name}: a category is 1–${MAX_CATEGORY} characters, got ${describeValue(rawKey)}`, path: [name, rawKey] });
        continue;
      }
      if (Object.hasOwn(out, key)) {
        problems.push({ message: `${name}: category ${describeValue(key)} is given twice`, path: [name, rawKey] });
        continue;
      }
    } else if (!spec.keys.includes(key)) {
      problems.push({ message: `${name}: unknown key ${describeValue(rawKey)} (one of ${spec.keys.join(', ')})`, path: [name, rawKey] });
      continue;
    }
    const factor = row(spec, value, [name, rawKey], defaultSource, problems);
    if (factor) out[key] = factor;
  }
  return out;
}

/**
 * Strictly validates an override document: only known tables and keys, numbers finite and non-negative, rates at most
 * 1, routes among WASTE_ROUTES, sources short text. Rows without a source get `defaultSource`. Returns a fresh copy
 * built only from validated fields; messages never echo more than 40 characters of a supplied value.
 */
export function validateFactorOverrides(input: unknown, defaultSource: string): FactorValidation {
  if (!isObject(input)) return { ok: false, problems: [{ message: 'factors must be an object of tables', path: [] }] };
  const problems: FactorProblem[] = [];
  const overrides: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(input)) {
    if (!(FACTOR_TABLES as readonly string[]).includes(name)) {
      problems.push({ message: `unknown factor table ${describeValue(name)} (one of ${FACTOR_TABLES.join(', ')})`, path: [name] });
      continue;
    }
    overrides[name] = table(name as FactorTableName, value, defaultSource, problems);
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, MAX_PROBLEMS);
    if (problems.length > MAX_PROBLEMS) shown.push({ message: `… and ${problems.length - MAX_PROBLEMS} more problems`, path: [] });
    return { ok: false, problems: shown };
  }
  return { ok: true, overrides: overrides as unknown as FactorOverrides };
}
