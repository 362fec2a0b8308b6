import { PermanentPartnerError } from './errors';
import type { PartnerEndpoint } from './partner-http';

/**
 * A string the adapter cannot work without (an API key, an organization id). Missing is a configuration error that no
 * retry can fix, hence permanent: the job goes DEAD with this message until an admin fixes the partner's settings.
 */
export function requiredSetting(partner: PartnerEndpoint, key: string): string {
  const v = partner.settings[key];
  if (typeof v === 'string' && v.trim() !== '') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  throw new PermanentPartnerError(`partner ${partner.id}: settings.${key} is required`);
}

/** An optional string setting; null when absent or empty. */
export function optionalSetting(partner: PartnerEndpoint, key: string): string | null {
  const v = partner.settings[key];
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return typeof v === 'string' && v.trim() !== '' ? v : null;
}

/** A positive number setting, or `fallback` when absent or not a positive number. */
export function numberSetting(partner: PartnerEndpoint, key: string, fallback: number): number {
  const v = partner.settings[key];
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : fallback;
}
