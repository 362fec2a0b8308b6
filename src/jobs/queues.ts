import { Queue, type ConnectionOptions } from 'bullmq';

/** Queue and job names are stored in Redis: they are constants and must not drift. */
export const INTEGRATION_QUEUE = 'integration-jobs';
export const MAINTENANCE_QUEUE = 'maintenance';
/** Admin operations (refreshAnalytics, trainReturnRiskModel): minutes long, so off the maintenance worker. */
export const ADMIN_OPERATIONS_QUEUE = 'admin-operations';
/** The scheduled refreshes and trainings: minutes long, so on a worker of their own, never ahead of the sweepers. */
export const MAINTENANCE_LONG_QUEUE = 'maintenance-long';
/** Uploaded bulk imports (POST /imports): one at a time per worker process, minutes long. */
export const BULK_IMPORT_QUEUE = 'bulk-imports';

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
  /** Runs one admin_operations row (job id = row id). */
  RUN_ADMIN_OPERATION: 'run-admin-operation',
  SWEEP_ADMIN_OPERATIONS: 'sweep-admin-operations',
  /** Runs one bulk_imports row (job id = row id). */
  RUN_BULK_IMPORT: 'run-bulk-import',
  SWEEP_BULK_IMPORTS: 'sweep-bulk-imports',
} as const;

/** Queue states in which a job will still run, or is running: nothing to add for it. */
export const LIVE_JOB_STATES: ReadonlySet<string> = new Set(['waiting', 'waiting-children', 'delayed', 'prioritized', 'active']);

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
  [JOB.RUN_ADMIN_OPERATION]: { operationId: string };
  [JOB.SWEEP_ADMIN_OPERATIONS]: Record<string, never>;
  [JOB.RUN_BULK_IMPORT]: { importId: string };
  [JOB.SWEEP_BULK_IMPORTS]: Record<string, never>;
}

/** Jobs of the maintenance-long queue: the scheduled analytics refreshes and model training. */
export type LongJobName = typeof JOB.REFRESH_ANALYTICS | typeof JOB.REFRESH_ANALYTICS_FULL | typeof JOB.TRAIN_RISK_MODEL;

/** Jobs of the maintenance queue: the short periodic ones (sweepers, expiry, assignment). */
export type MaintenanceJobName = Exclude<keyof JobPayloads, typeof JOB.DISPATCH | typeof JOB.RUN_ADMIN_OPERATION | typeof JOB.RUN_BULK_IMPORT | LongJobName>;

export type IntegrationQueue = Queue<JobPayloads['dispatch'], unknown, typeof JOB.DISPATCH>;
export type MaintenanceQueue = Queue<JobPayloads[MaintenanceJobName], unknown, MaintenanceJobName>;
export type MaintenanceLongQueue = Queue<JobPayloads[LongJobName], unknown, LongJobName>;
export type AdminOperationQueue = Queue<JobPayloads['run-admin-operation'], unknown, typeof JOB.RUN_ADMIN_OPERATION>;
export type BulkImportQueue = Queue<JobPayloads['run-bulk-import'], unknown, typeof JOB.RUN_BULK_IMPORT>;

/** Opens the queues on one connection with the configured key prefix. */
export function openQueues(connection: ConnectionOptions, prefix: string): {
  integration: IntegrationQueue; maintenance: MaintenanceQueue; maintenanceLong: MaintenanceLongQueue; adminOperations: AdminOperationQueue;
  bulkImports: BulkImportQueue;
} {
  return {
    integration: new Queue(INTEGRATION_QUEUE, { connection, prefix }) as IntegrationQueue,
    maintenance: new Queue(MAINTENANCE_QUEUE, { connection, prefix }) as MaintenanceQueue,
    maintenanceLong: new Queue(MAINTENANCE_LONG_QUEUE, { connection, prefix }) as MaintenanceLongQueue,
    adminOperations: new Queue(ADMIN_OPERATIONS_QUEUE, { connection, prefix }) as AdminOperationQueue,
    bulkImports: new Queue(BULK_IMPORT_QUEUE, { connection, prefix }) as BulkImportQueue,
  };
}
