import 'reflect-metadata';
import { getMetadataStorage, Max, Min, registerDecorator } from 'class-validator';
import { ArgumentValidationError } from 'type-graphql';
import { validateArgument } from '../../src/graphql/validate-argument';

// validate-argument.ts remembers class-validator's constraint lookups per class until a constraint is registered.
// Whatever is remembered, validation must answer what class-validator answers: inherited constraints included, and
// constraints registered after a class was first validated taken into account.

class Point {
  @Min(-90) @Max(90) latitude!: number;
}

class NamedPoint extends Point {
  @Min(0) rank!: number;
}

const make = <T extends object>(type: new () => T, values: Partial<T>): T => Object.assign(new type(), values);

async function refusal(value: object, type: unknown): Promise<string[] | null> {
  try {
    await validateArgument(value, type);
    return null;
  } catch (e) {
    expect(e).toBeInstanceOf(ArgumentValidationError);
    return (e as ArgumentValidationError).extensions.validationErrors.map((v) => v.property).sort();
  }
}

test('own and inherited constraints are checked, the same on every call', async () => {
  for (let i = 0; i < 3; i++) {
    expect(await refusal(make(Point, { latitude: 91 }), Point)).toEqual(['latitude']);
    expect(await refusal(make(Point, { latitude: 45 }), Point)).toBeNull();
    expect(await refusal(make(NamedPoint, { latitude: -91, rank: -1 }), NamedPoint)).toEqual(['latitude', 'rank']);
    expect(await refusal(make(NamedPoint, { latitude: 10, rank: 2 }), NamedPoint)).toBeNull();
  }
});

test('the remembered lookup answers what class-validator computes', () => {
  const storage = getMetadataStorage();
  const remembered = storage.getTargetValidationMetadatas(NamedPoint, '', false, false);
  expect(remembered.map((m) => m.propertyName).sort()).toEqual(['latitude', 'latitude', 'rank']);
  expect(storage.getTargetValidationMetadatas(NamedPoint, '', false, false)).toBe(remembered);
  // Another option set is a lookup of its own.
  expect(storage.getTargetValidationMetadatas(NamedPoint, '', true, false)).not.toBe(remembered);
});

test('a constraint registered after a class was validated applies from then on', async () => {
  class Late {
    value!: number;
  }
  class LateChild extends Late {}
  // No constraints yet: nothing to refuse (and the lookups are remembered).
  expect(getMetadataStorage().getTargetValidationMetadatas(LateChild, '', false, false)).toEqual([]);
  expect(await refusal(make(Late, { value: -5 }), Late)).toBeNull();
  registerDecorator({
    name: 'isPositive', target: Late, propertyName: 'value',
    validator: { validate: (value: unknown) => typeof value === 'number' && value > 0 },
  });
  expect(await refusal(make(Late, { value: -5 }), Late)).toEqual(['value']);
  expect(await refusal(make(LateChild, { value: -5 }), LateChild)).toEqual(['value']);
  expect(await refusal(make(LateChild, { value: 5 }), LateChild)).toBeNull();
});
