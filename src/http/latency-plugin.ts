import type { ApolloServerPlugin } from '@apollo/server';
import type { Histogram } from 'prom-client';

export type LatencyHistogram = Histogram<'operation' | 'type' | 'errors'>;

/** Records one operation's latency since `start` (process.hrtime.bigint()), by name (the client's, capped in length) and type. */
export function observeOperation(histogram: LatencyHistogram, start: bigint, operationName: string | null | undefined, type: string | undefined, errored: boolean): void {
  histogram.observe(
    { operation: (operationName ?? 'anonymous').slice(0, 60), type: type ?? 'unknown', errors: String(errored) },
    Number(process.hrtime.bigint() - start) / 1e9,
  );
}

/** Records each GraphQL operation's latency by operation name and type. */
export function latencyPlugin(histogram: LatencyHistogram): ApolloServerPlugin {
  return {
    async requestDidStart({ contextValue }) {
      // A request known-queries.ts ran before handing it over counts from when it started there.
      const start = (contextValue as { ranAhead?: { startedAt: bigint } }).ranAhead?.startedAt ?? process.hrtime.bigint();
      return {
        async willSendResponse({ operationName, operation, errors }) {
          observeOperation(histogram, start, operationName, operation?.operation, Boolean(errors?.length));
        },
      };
    },
  };
}
