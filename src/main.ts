import type { Role } from './app';
import type { Signals } from './boot';

/*
 * Entry point: `node dist/src/main.js [api|worker|all|migrate]` (npm start). Nothing is loaded before the signal
 * handlers are installed: loading the application takes a moment, and a SIGTERM or Ctrl-C meanwhile must stop it
 * cleanly (exit 0, "stopped during start-up"), not kill it with whatever it had begun.
 */
const signals: Signals = { starting: new AbortController(), received: null, stop: null };

function onSignal(signal: string): void {
  if (signals.received) {
    process.stderr.write(`Boomerang: ${signal} again, exiting now\n`);
    process.exit(1);
  }
  signals.received = signal;
  if (signals.stop) signals.stop(signal); else signals.starting.abort(signal);
}

process.on('SIGINT', () => onSignal('SIGINT'));
process.on('SIGTERM', () => onSignal('SIGTERM'));

const role = (process.argv[2] ?? process.env.ROLE ?? 'all') as Role | 'migrate';
if (!['api', 'worker', 'all', 'migrate'].includes(role)) {
  process.stderr.write(`Unknown role "${role}": use api, worker, all or migrate.\n`);
  process.exit(64);
}

import('./boot').then(async ({ boot }) => {
  // Loading blocks the event loop: a signal that came meanwhile is delivered on its next turn, before start-up begins.
  await new Promise((resolve) => { setImmediate(resolve); });
  await boot(role, signals);
}, (e: unknown) => {
  process.stderr.write(`Boomerang: failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
