import { isCalendarDay } from '../src/domain/storable-input';
import { PermanentPartnerError, TransientPartnerError } from './errors';

/** Builds the error for a missing or mistyped field; the reader names the field path. */
export type ShapeFailure = (message: string) => Error;

/**
 * A 2xx answer that lacks what the protocol promises is treated like an unreadable one: transient. Every outbound call
 * carries an idempotency key, so a retry is safe, and a partner mid-deploy is the likely cause.
 */
export const malformedAnswer = (call: string): ShapeFailure => (m) => new TransientPartnerError(`${call}: malformed answer: ${m}`);

/** A webhook body that does not fit the protocol is refused for good: the same bytes will never parse. */
export const malformedWebhook: ShapeFailure = (m) => new PermanentPartnerError(`malformed webhook: ${m}`);

const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):?(\d{2}))$/;

/** Normalizes an ISO-8601 instant with a zone (Z or ±hh:mm) to UTC `toISOString`; null when not a real instant (or in year 0000). */
export function parseInstant(text: string): string | null {
  const m = ISO_INSTANT.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second, offH, offM] = m.slice(1).map((p) => (p === undefined ? 0 : Number(p)));
  if (year < 1 || !isCalendarDay(year, month, day) || hour > 23 || minute > 59 || second > 59 || offH > 23 || offM > 59) return null;
  const ms = Date.parse(/[+-]\d{4}$/.test(text) ? `${text.slice(0, -2)}:${text.slice(-2)}` : text);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

function shown(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? `"${value.slice(0, 40)}"` : typeof value;
}

/** Typed reads from untrusted JSON. Every failure goes through `fail`, so callers choose transient or permanent. */
export class JsonReader {
  private constructor(private readonly value: Record<string, unknown>, private readonly path: string, private readonly fail: ShapeFailure) {}

  /** Wraps a parsed value that must be a JSON object. */
  static object(value: unknown, fail: ShapeFailure, path = 'body'): JsonReader {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw fail(`${path} must be an object, got ${shown(value)}`);
    return new JsonReader(value as Record<string, unknown>, path, fail);
  }

  /** Parses raw text that must hold one JSON object. */
  static parse(raw: string, fail: ShapeFailure): JsonReader {
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      throw fail('body is not JSON');
    }
    return JsonReader.object(value, fail);
  }

  private at(key: string): string {
    return `${this.path}.${key}`;
  }

  /** PostgreSQL text cannot hold NUL: such a string is malformed, not a database failure later. */
  private storable(key: string, v: string): string {
    if (v.includes('\u0000')) throw this.fail(`${this.at(key)} must not contain NUL characters`);
    return v;
  }

  /** The raw value, for fields with several legal shapes. */
  raw(key: string): unknown {
    return this.value[key];
  }

  /** True when the key is present and not null. */
  has(key: string): boolean {
    return this.value[key] !== undefined && this.value[key] !== null;
  }

  /** A non-empty string. */
  string(key: string): string {
    const v = this.value[key];
    if (typeof v !== 'string' || v.trim() === '') throw this.fail(`${this.at(key)} must be a non-empty string, got ${shown(v)}`);
    return this.storable(key, v);
  }

  /** A string, or null when absent, null or empty. */
  optionalString(key: string): string | null {
    const v = this.value[key];
    if (v === undefined || v === null || v === '') return null;
    if (typeof v !== 'string') throw this.fail(`${this.at(key)} must be a string or null, got ${shown(v)}`);
    return this.storable(key, v);
  }

  /** A finite number. */
  number(key: string): number {
    const v = this.value[key];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw this.fail(`${this.at(key)} must be a number, got ${shown(v)}`);
    return v;
  }

  /** An identifier: a non-empty string or a non-negative safe integer (ShipX ids are numbers), as a string. */
  id(key: string): string {
    const v = this.value[key];
    if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return String(v);
    return this.string(key);
  }

  /** An ISO-8601 instant with a zone, normalized to UTC. */
  instant(key: string): string {
    const v = this.string(key);
    const iso = parseInstant(v);
    if (!iso) throw this.fail(`${this.at(key)} must be an ISO-8601 instant with a time zone, got ${shown(v)}`);
    return iso;
  }

  /** One of a closed set of strings. */
  oneOf<T extends string>(key: string, values: readonly T[]): T {
    const v = this.value[key];
    if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) throw this.fail(`${this.at(key)} must be one of ${values.join('|')}, got ${shown(v)}`);
    return v as T;
  }

  /** A nested object. */
  child(key: string): JsonReader {
    return JsonReader.object(this.value[key], this.fail, this.at(key));
  }

  /** A nested object, or null when absent or null. */
  optionalChild(key: string): JsonReader | null {
    return this.has(key) ? this.child(key) : null;
  }

  /** An array of objects. */
  objects(key: string): JsonReader[] {
    const v = this.value[key];
    if (!Array.isArray(v)) throw this.fail(`${this.at(key)} must be an array, got ${shown(v)}`);
    return v.map((item, i) => JsonReader.object(item, this.fail, `${this.at(key)}[${i}]`));
  }

  /** An array of objects, or [] when absent or null. */
  optionalObjects(key: string): JsonReader[] {
    return this.has(key) ? this.objects(key) : [];
  }
}
