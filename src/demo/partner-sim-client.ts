import type { Config } from '../config';
import type { SimRegistration } from './demo-partners';

/** Where `npm run partner-sim` listens by default. */
export const DEFAULT_PARTNER_SIM_URL = 'http://127.0.0.1:4010';

/** What the simulator's health check answers, so another service on the port is not mistaken for it. */
export const SIM_HEALTH_NAME = 'boomerang-partner-sim';

/** How long the default simulator may take to answer before the demo goes on without it. */
const PROBE_MS = 300;
/**
 * A simulator named explicitly (PARTNER_SIM_URL) gets longer, and three tries: on embedded PostgreSQL (PGlite runs in
 * this process's thread) the workers' first jobs at start-up can hold the event loop past one try's timeout.
 */
const EXPLICIT_PROBE_MS = 2000;
const EXPLICIT_PROBE_TRIES = 3;

export interface SimProbe {
  url: string;
  up: boolean;
  /** PARTNER_SIM_URL was set (rather than the development default). */
  explicit: boolean;
}

/**
 * Finds the partner simulator for the demo: PARTNER_SIM_URL when set (`off` disables it), else in development the
 * default loopback URL. Null when there is nothing to look for.
 */
export async function probePartnerSim(config: Config, env: NodeJS.ProcessEnv = process.env): Promise<SimProbe | null> {
  const configured = env.PARTNER_SIM_URL?.trim();
  if (configured && /^(off|none|false|0)$/i.test(configured)) return null;
  if (!configured && config.nodeEnv !== 'development') return null;
  const url = (configured || DEFAULT_PARTNER_SIM_URL).replace(/\/+$/, '');
  let up = await answers(url, configured ? EXPLICIT_PROBE_MS : PROBE_MS);
  for (let tries = 1; configured && !up && tries < EXPLICIT_PROBE_TRIES; tries += 1) up = await answers(url, EXPLICIT_PROBE_MS);
  return { url, up, explicit: Boolean(configured) };
}

async function answers(url: string, timeoutMs: number): Promise<boolean> {
  try {
    const res = await fetch(`${url}/_sim/health`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return false;
    const body = (await res.json()) as { simulator?: unknown };
    return body.simulator === SIM_HEALTH_NAME;
  } catch {
    return false;
  }
}

/** Tells the simulator a partner's id, signing secret and webhook URL (its loopback-only registration endpoint). */
export async function announcePartner(simUrl: string, registration: SimRegistration): Promise<void> {
  const res = await fetch(`${simUrl}/_sim/partners`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(registration), signal: AbortSignal.timeout(3000),
  });
  if (!res.ok) throw new Error(`partner simulator refused the registration of ${registration.kind}: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
}
