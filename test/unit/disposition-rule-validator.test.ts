import { DEFAULT_RULESET, validateRuleSet } from '../../src/domain/disposition';

const valid = () => JSON.parse(JSON.stringify(DEFAULT_RULESET));
const errorsOf = (input: unknown): string[] => {
  const result = validateRuleSet(input);
  if (result.ok) throw new Error('expected the rule set to be refused');
  return result.errors;
};

describe('validateRuleSet', () => {
  it('accepts the default rule set after a JSON round trip and returns a fresh copy', () => {
    const input = valid();
    const result = validateRuleSet(input);
    expect(result).toEqual({ ok: true, ruleSet: input });
    if (result.ok) {
      expect(result.ruleSet).not.toBe(input);
      expect(result.ruleSet.rules[0]).not.toBe(input.rules[0]);
    }
  });

  it.each([null, 'rules', 42, []])('refuses %p', (input) => {
    expect(errorsOf(input)).toEqual(['rule set: must be an object']);
  });

  it('refuses unknown keys at every level', () => {
    const input = valid();
    input.extra = 1;
    input.lowValueThreshold.minor = 5;
    input.rules[0].priority = 1;
    input.rules[0].when.colour = 'red';
    expect(errorsOf(input)).toEqual([
      'rule set: unknown key "extra"',
      'lowValueThreshold: unknown key "minor"',
      'rules[0]: unknown key "priority"',
      'rules[0].when: unknown key "colour"',
    ]);
  });

  it('refuses unknown enum values', () => {
    const input = valid();
    input.rules[0].then = 'BURN';
    input.rules[0].when.grades = ['MINT'];
    input.rules[1].when.reasons = ['BORED'];
    input.rules[1].when.currencies = ['XYZ'];
    expect(errorsOf(input)).toEqual([
      'rules[0].then: unknown disposition "BURN"',
      'rules[0].when.grades[0]: unknown condition grade, got "MINT"',
      'rules[1].when.reasons[0]: unknown return reason, got "BORED"',
      'rules[1].when.currencies[0]: unknown currency, got "XYZ"',
    ]);
  });

  it('refuses empty and missing rules', () => {
    expect(errorsOf({ ...valid(), rules: [] })).toEqual(['rules: must be a non-empty list']);
    const { rules: _rules, ...withoutRules } = valid();
    expect(errorsOf(withoutRules)).toEqual(['rules: must be a non-empty list']);
  });

  it('refuses duplicate ids', () => {
    const input = valid();
    input.rules[1].id = input.rules[0].id;
    expect(errorsOf(input)).toEqual(['rules[1].id: duplicate id "unsalvageable-recycle"']);
  });

  it('refuses bad numbers, booleans, lists, texts and placeholders', () => {
    const input = valid();
    input.version = 0;
    input.lowValueThreshold = { major: -1, byCurrency: { JPY: 'a lot', ABC: 5 } };
    input.rules[0].when = { recyclable: 'yes', grades: [], minUnitValueMajor: 50, maxUnitValueMajor: 10 };
    input.rules[1].rationale = 'Dispose of {item}';
    input.rules[2].description = '';
    input.rules[3].id = 'has spaces';
    expect(errorsOf(input)).toEqual([
      'version: must be a positive integer, got 0',
      'lowValueThreshold.major: must be a non-negative finite number, got -1',
      'lowValueThreshold.byCurrency.JPY: must be a non-negative finite number, got "a lot"',
      'lowValueThreshold.byCurrency: unknown currency "ABC"',
      'rules[0].when.grades: must be a non-empty list',
      'rules[0].when.recyclable: must be true or false',
      'rules[0].when: minUnitValueMajor must be below maxUnitValueMajor (max is exclusive)',
      'rules[1].rationale: unknown placeholder "{item}"',
      'rules[2].description: must be non-empty text of at most 500 characters',
      'rules[3].id: must be 1–64 letters, digits, \'.\', \'_\' or \'-\', got "has spaces"',
    ]);
  });

  it('never echoes more than 40 characters of a supplied value', () => {
    const long = 'Z'.repeat(5000);
    const input = valid();
    input[long] = 1;
    input.rules[0].then = long;
    input.rules[0].id = long;
    input.rules[0].when.categories = [long];
    input.rules[1].rationale = `{${long}}`;
    const errors = errorsOf(input);
    expect(errors.length).toBeGreaterThanOrEqual(5);
    for (const error of errors) expect(error).not.toContain('Z'.repeat(41));
  });

  it('caps the number of errors and rules', () => {
    const many = valid();
    const bad = { id: 'x', description: 'x', when: {}, then: 'NOPE', rationale: 'x' };
    many.rules = Array.from({ length: 120 }, () => ({ ...bad }));
    const errors = errorsOf(many);
    expect(errors).toHaveLength(51);
    expect(errors[50]).toMatch(/^… and \d+ more errors$/);
    many.rules = Array.from({ length: 201 }, (_, i) => ({ ...valid().rules[0], id: `r${i}` }));
    expect(errorsOf(many)).toEqual(['rules: at most 200 rules are allowed']);
  });
});
