import { Queue, type ConnectionOptions } from 'bullmq';

/** Queue and job names are stored in Redis: they are constants and must not drift. */
export const INTEGRATION_QUEUE = 'integration-jobs';
export const MAINTENANCE_QUEUE = 'maintenance';

export const JOB = {
  DISPATCH: 'dispatch',
  SWEEP_OUTBOX: 'sweep-outbox',
  EXPIRE_RETURNS: 'expire-returns',
  SWEEP_REFURBISHMENTS: 'sweep-refurbishments',
  ASSIGN_RECYCLING_LOTS: 'assign-recycling-lots',
  ASSIGN_VENDOR_RETURNS: 'assign-vendor-returns',
  REFRESH_ANALYTICS: 'refresh-analytics',
  REFRESH_ANALYTICS_FULL: 'refresh-analytics-full',
  TRAIN_RISK_MODEL: 'train-return-risk-model',
} as const;

/** Payload per job name. */
export interface JobPayloads {
  [JOB.DISPATCH]: { integrationJobId: string };
  [JOB.SWEEP_OUTBOX]: Record<string, never>;
  [JOB.EXPIRE_RETURNS]: Record<string, never>;
  [JOB.SWEEP_REFURBISHMENTS]: Record<string, never>;
  [JOB.ASSIGN_RECYCLING_LOTS]: Record<string, never>;
  [JOB.ASSIGN_VENDOR_RETURNS]: Record<string, never>;
  [JOB.REFRESH_ANALYTICS]: Record<string, never>;
  [JOB.REFRESH_ANALYTICS_FULL]: Record<string, never>;
  [JOB.TRAIN_RISK_MODEL]: Record<string, never>;
}

export type IntegrationQueue = Queue<JobPayloads['dispatch'], unknown, typeof JOB.DISPATCH>;
export type MaintenanceQueue = Queue<Record<string, never>, unknown, typeof JOB.SWEEP_OUTBOX | typeof JOB.EXPIRE_RETURNS | typeof JOB.SWEEP_REFURBISHMENTS | typeof JOB.ASSIGN_RECYCLING_LOTS
  | typeof JOB.ASSIGN_VENDOR_RETURNS | typeof JOB.REFRESH_ANALYTICS | typeof JOB.REFRESH_ANALYTICS_FULL
  | typeof JOB.TRAIN_RISK_MODEL>;

/** Opens both queues on one connection with the configured key prefix. */
export function openQueues(connection: ConnectionOptions, prefix: string): { integration: IntegrationQueue; maintenance: MaintenanceQueue } {
  return {
    integration: new Queue(INTEGRATION_QUEUE, { connection, prefix }) as IntegrationQueue,
    maintenance: new Queue(MAINTENANCE_QUEUE, { connection, prefix }) as MaintenanceQueue,
  };
}
