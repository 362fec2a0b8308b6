import { DEFAULT_PARTNER_SIM_URL } from '../src/demo/partner-sim-client';
import { PartnerSimulator } from './partner-sim/simulator';

// `npm run partner-sim`: one loopback HTTP server playing a carrier, a locker network, a store network, a pickup
// service, a merchant, a refurbisher, a recycler and a vendor of Boomerang's own protocol, for the demo (see README,
// "The demo with partners").
//
//   PARTNER_SIM_PORT   port on 127.0.0.1 (default 4010; 0 picks a free one)
//   PARTNER_SIM_SPEED  how fast the world runs: 1 = a scan (or report) every 8 s after a booking, 10 = ten times faster
//   BOOMERANG_URL      where webhooks go when a registration names no webhook URL (default http://127.0.0.1:4000)

function settings(env: NodeJS.ProcessEnv): { port: number; speed: number; boomerangUrl: string } {
  const port = Number(env.PARTNER_SIM_PORT || 4010);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('PARTNER_SIM_PORT must be a port number (0-65535)');
  const speed = Number(env.PARTNER_SIM_SPEED || 1);
  if (!Number.isFinite(speed) || speed <= 0 || speed > 10_000) throw new Error('PARTNER_SIM_SPEED must be a positive number (1 = demo pace, 10 = ten times faster)');
  const boomerangUrl = env.BOOMERANG_URL || 'http://127.0.0.1:4000';
  if (!/^https?:\/\//.test(boomerangUrl)) throw new Error('BOOMERANG_URL must be an http(s) URL');
  return { port, speed, boomerangUrl };
}

async function main(): Promise<void> {
  let config;
  try {
    config = settings(process.env);
  } catch (e) {
    process.stderr.write(`partner-sim: ${(e as Error).message}\n`);
    process.exit(78);
  }
  const sim = new PartnerSimulator({ speed: config.speed, boomerangUrl: config.boomerangUrl });
  let url: string;
  try {
    url = await sim.listen(config.port);
  } catch (e) {
    const inUse = (e as NodeJS.ErrnoException).code === 'EADDRINUSE';
    process.stderr.write(`partner-sim: ${inUse ? `port ${config.port} is in use (is a simulator already running? set PARTNER_SIM_PORT)` : (e as Error).message}\n`);
    process.exit(inUse ? 69 : 1);
  }
  process.stdout.write([
    `Boomerang partner simulator listening on ${url} (speed ×${config.speed})`,
    `  ${url}/carrier/  boomerang-carrier-v1   labels with PDF/ZPL/QR, tracking webhooks`,
    `  ${url}/locker/   boomerang-locker-v1    points, reservations with drop-off codes`,
    `  ${url}/store/    boomerang-store-v1     box-free drop-offs with a QR`,
    `  ${url}/pickup/   boomerang-pickup-v1    windows, pickups with confirmation numbers`,
    `  ${url}/merchant/ boomerang-merchant-v1  return events; refunds and store credit, confirmed later by webhook (POST /_sim/merchant/payments scripts outcomes); exchange options, exchange orders, payment holds`,
    `  ${url}/refurbisher/ boomerang-refurbisher-v1  jobs: accepted, diagnosed with a quote, repaired and graded (or rejected, unrepairable)`,
    `  ${url}/recycler/ boomerang-recycler-v1  lots: weights per material fraction, recycling and data-destruction certificates`,
    `  ${url}/vendor/   boomerang-vendor-v1    return authorizations: RMA numbers and credit notes`,
    `Boomerang's demo seed registers its partners here on start (POST ${url}/_sim/partners); webhooks go back signed.`,
    `Start or restart Boomerang now (${url === DEFAULT_PARTNER_SIM_URL ? 'npm start' : `PARTNER_SIM_URL=${url} npm start`}). What happened so far: ${url}/`,
    '',
  ].join('\n'));

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`partner-sim: ${signal}, stopping\n`);
    sim.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e) => {
  process.stderr.write(`partner-sim failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
