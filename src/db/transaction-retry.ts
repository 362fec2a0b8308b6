import { setTimeout as sleep } from 'node:timers/promises';
import { transactionAbortReason, type TransactionAbortReason } from './errors';

/** How many times a transaction runs at most when PostgreSQL aborts it for a deadlock or a serialization failure. */
export const TRANSACTION_ATTEMPTS = 5;

/**
 * Transactions this process ran again, by what aborted them (exported as boomerang_transaction_retries_total). A
 * steady rate of deadlocks means some writers lock rows in different orders; retries hide it from clients, not here.
 */
export const transactionRetries: Record<TransactionAbortReason, number> = { deadlock: 0, serialization_failure: 0 };

/**
 * Runs `attempt` (one whole transaction) again after a deadlock or serialization failure, at most `attempts` times in
 * all, after a short jittered pause so the contenders do not collide again in step. Any other error, and the last
 * retryable one, is thrown unchanged. `attempt` must have no effect outside its own transaction.
 */
export async function retryTransaction<T>(attempt: () => Promise<T>, attempts = TRANSACTION_ATTEMPTS): Promise<T> {
  for (let n = 1; ; n += 1) {
    try {
      return await attempt();
    } catch (e) {
      const reason = transactionAbortReason(e);
      if (n >= attempts || !reason) throw e;
      transactionRetries[reason] += 1;
      // Full jitter over a doubling window: 0–20 ms, 0–40 ms, 0–80 ms, 0–160 ms.
      await sleep(Math.random() * 10 * 2 ** n);
    }
  }
}
