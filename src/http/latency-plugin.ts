import type { ApolloServerPlugin } from '@apollo/server';
import type { Histogram } from 'prom-client';

/** Records each GraphQL operation's latency by operation name and type (names are the client's, capped in length). */
export function latencyPlugin(histogram: Histogram<'operation' | 'type' | 'errors'>): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const start = process.hrtime.bigint();
      return {
        async willSendResponse({ operationName, operation, errors }) {
          histogram.observe(
            { operation: (operationName ?? 'anonymous').slice(0, 60), type: operation?.operation ?? 'unknown', errors: String(Boolean(errors?.length)) },
            Number(process.hrtime.bigint() - start) / 1e9,
          );
        },
      };
    },
  };
}
