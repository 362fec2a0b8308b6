import {
  CONDITION_GRADES,
  DISPOSITION_TYPES,
  type DispositionConditions,
  type DispositionRule,
  type DispositionRuleSet,
  RATIONALE_PLACEHOLDERS,
} from './disposition-types';
import { type MajorAmount, validateMajorAmount } from './major-amount';
import { describeValue, isSupportedCurrency } from './money';
import { RETURN_REASON_CODES } from './return-reasons';

/** Outcome of validating an admin-supplied rule set. */
export type RuleSetValidation = { ok: true; ruleSet: DispositionRuleSet } | { ok: false; errors: string[] };

const MAX_RULES = 200;
const MAX_ERRORS = 50;
const MAX_TEXT = 500;
const MAX_CATEGORY = 100;
const RULE_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function unknownKeys(record: JsonObject, allowed: readonly string[], path: string, errors: string[]): void {
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key)) errors.push(`${path}: unknown key ${describeValue(key)}`);
  }
}

/** Validates a non-empty list whose items satisfy `accept`; returns a copy or undefined. */
function list(
  value: unknown,
  path: string,
  errors: string[],
  accept: (item: unknown) => boolean,
  what: string,
): string[] | undefined {
  if (!Array.isArray(value) || value.length === 0) {
    errors.push(`${path}: must be a non-empty list`);
    return undefined;
  }
  value.forEach((item, index) => {
    if (!accept(item)) errors.push(`${path}[${index}]: ${what}, got ${describeValue(item)}`);
  });
  return value.map(String);
}

const oneOf = (values: readonly string[]) => (item: unknown) => typeof item === 'string' && values.includes(item);
const categoryName = (item: unknown) =>
  typeof item === 'string' && item.trim() !== '' && item.length <= MAX_CATEGORY;

const CONDITION_KEYS = [
  'grades', 'reasons', 'excludeReasons', 'categories', 'excludeCategories', 'currencies', 'refurbishable',
  'vendorReturnable', 'recyclable', 'minUnitValueMajor', 'maxUnitValueMajor', 'lowValue', 'positiveRefurbMargin',
] as const;
const BOOLEAN_KEYS = ['refurbishable', 'vendorReturnable', 'recyclable', 'lowValue', 'positiveRefurbMargin'] as const;

function conditions(input: unknown, path: string, errors: string[]): DispositionConditions {
  if (!isObject(input)) {
    errors.push(`${path}: must be an object of conditions ({} matches every unit)`);
    return {};
  }
  unknownKeys(input, CONDITION_KEYS, path, errors);
  const when: JsonObject = {};
  const lists = [
    ['grades', oneOf(CONDITION_GRADES), 'unknown condition grade'],
    ['reasons', oneOf(RETURN_REASON_CODES), 'unknown return reason'],
    ['excludeReasons', oneOf(RETURN_REASON_CODES), 'unknown return reason'],
    ['categories', categoryName, `must be a category name of 1–${MAX_CATEGORY} characters`],
    ['excludeCategories', categoryName, `must be a category name of 1–${MAX_CATEGORY} characters`],
    ['currencies', (item: unknown) => typeof item === 'string' && isSupportedCurrency(item), 'unknown currency'],
  ] as const;
  for (const [key, accept, what] of lists) {
    if (input[key] !== undefined) when[key] = list(input[key], `${path}.${key}`, errors, accept, what);
  }
  for (const key of BOOLEAN_KEYS) {
    if (input[key] === undefined) continue;
    if (typeof input[key] !== 'boolean') errors.push(`${path}.${key}: must be true or false`);
    when[key] = input[key];
  }
  for (const key of ['minUnitValueMajor', 'maxUnitValueMajor'] as const) {
    const value = input[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      errors.push(`${path}.${key}: must be a non-negative number of major units, got ${describeValue(value)}`);
    }
    when[key] = value;
  }
  const { minUnitValueMajor: min, maxUnitValueMajor: max } = input;
  if (typeof min === 'number' && typeof max === 'number' && min >= max) {
    errors.push(`${path}: minUnitValueMajor must be below maxUnitValueMajor (max is exclusive)`);
  }
  return when as DispositionConditions;
}

function text(value: unknown, path: string, errors: string[]): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_TEXT) {
    errors.push(`${path}: must be non-empty text of at most ${MAX_TEXT} characters`);
    return '';
  }
  return value;
}

function rule(input: unknown, path: string, errors: string[]): DispositionRule | undefined {
  if (!isObject(input)) {
    errors.push(`${path}: must be an object`);
    return undefined;
  }
  unknownKeys(input, ['id', 'description', 'when', 'then', 'rationale'], path, errors);
  if (typeof input.id !== 'string' || !RULE_ID.test(input.id)) {
    errors.push(`${path}.id: must be 1–64 letters, digits, '.', '_' or '-', got ${describeValue(input.id)}`);
  }
  if (!oneOf(DISPOSITION_TYPES)(input.then)) {
    errors.push(`${path}.then: unknown disposition ${describeValue(input.then)}`);
  }
  const rationale = text(input.rationale, `${path}.rationale`, errors);
  for (const [, name] of rationale.matchAll(/\{([^{}]*)\}/g)) {
    if (!(RATIONALE_PLACEHOLDERS as readonly string[]).includes(name)) {
      errors.push(`${path}.rationale: unknown placeholder ${describeValue(`{${name}}`)}`);
    }
  }
  return {
    id: String(input.id),
    description: text(input.description, `${path}.description`, errors),
    when: conditions(input.when, `${path}.when`, errors),
    then: input.then as DispositionRule['then'],
    rationale,
  };
}

/**
 * Strictly validates an admin-supplied rule set (unknown keys, unknown enum values,
 * empty rules, duplicate ids, bad numbers, unknown placeholders). Returns a fresh copy
 * built only from validated fields; error messages never echo more than 40 characters
 * of a supplied value.
 */
export function validateRuleSet(input: unknown): RuleSetValidation {
  const errors: string[] = [];
  if (!isObject(input)) return { ok: false, errors: ['rule set: must be an object'] };
  unknownKeys(input, ['version', 'lowValueThreshold', 'rules'], 'rule set', errors);
  if (!Number.isSafeInteger(input.version) || (input.version as number) < 1) {
    errors.push(`version: must be a positive integer, got ${describeValue(input.version)}`);
  }
  errors.push(...validateMajorAmount(input.lowValueThreshold, 'lowValueThreshold'));
  const rules: DispositionRule[] = [];
  if (!Array.isArray(input.rules) || input.rules.length === 0) {
    errors.push('rules: must be a non-empty list');
  } else if (input.rules.length > MAX_RULES) {
    errors.push(`rules: at most ${MAX_RULES} rules are allowed`);
  } else {
    const seen = new Set<string>();
    input.rules.forEach((item, index) => {
      const parsed = rule(item, `rules[${index}]`, errors);
      if (parsed === undefined) return;
      if (seen.has(parsed.id)) errors.push(`rules[${index}].id: duplicate id ${describeValue(parsed.id)}`);
      seen.add(parsed.id);
      rules.push(parsed);
    });
  }
  if (errors.length > 0) {
    const shown = errors.slice(0, MAX_ERRORS);
    if (errors.length > MAX_ERRORS) shown.push(`… and ${errors.length - MAX_ERRORS} more errors`);
    return { ok: false, errors: shown };
  }
  const threshold = input.lowValueThreshold as MajorAmount;
  return {
    ok: true,
    ruleSet: {
      version: input.version as number,
      lowValueThreshold: {
        major: threshold.major,
        ...(threshold.byCurrency === undefined ? {} : { byCurrency: { ...threshold.byCurrency } }),
      },
      rules,
    },
  };
}
