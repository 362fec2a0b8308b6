import { GraphQLDateTime } from 'graphql-scalars';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { BulkImportStatus } from '../../db/schema';
import { Node } from './common.types';
import { enumOf } from './enums';

export const BulkImportStatusEnum = enumOf(['UPLOADING', 'QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED'] as const);
registerEnumType(BulkImportStatusEnum, {
  name: 'BulkImportStatus',
  description: 'Where a bulk import is: UPLOADING → QUEUED → RUNNING → SUCCEEDED, or FAILED (RUNNING → QUEUED again when its worker stopped).',
  valuesConfig: {
    UPLOADING: { description: 'POST /imports is still receiving the file.' },
    QUEUED: { description: 'The whole file is stored and waits for a worker (or for the next run, from its checkpoint).' },
    RUNNING: { description: 'A worker is writing it, batch by batch; processedLines grows.' },
    SUCCEEDED: { description: 'Every line was processed: written, unchanged, or refused with an error (see failedLines and errors).' },
    FAILED: { description: 'The import stopped: errorCode and error say why. Batches committed before it stay.' },
  },
});

@ObjectType({ simpleResolvers: true, description: 'One refused line of a bulk import.' })
export class BulkImportLineError {
  @Field(() => Int, { description: 'The line number in the file, from 1 (blank lines count).' }) line!: number;
  @Field({ description: 'A stable code: INVALID_JSON, UNKNOWN_KIND, INVALID_LINE, LINE_TOO_LONG, DUPLICATE_ORDER_NUMBER, ORDER_HAS_RETURNS, LINE_REFUSED_BY_DATABASE, or a return row code of importReturns.' }) code!: string;
  @Field({ description: 'What is wrong, naming the field (e.g. "lines.0.unitPrice: …").' }) message!: string;
}

@ObjectType({ simpleResolvers: true, implements: Node, description: 'A JSON Lines file sent to POST /imports and loaded by a worker; poll it until SUCCEEDED or FAILED.' })
export class BulkImport extends Node {
  @Field(() => BulkImportStatusEnum, { description: 'Where the import is.' }) status!: BulkImportStatus;
  @Field(() => String, { nullable: true, description: 'The file name the client sent (X-Filename header), if any.' }) filename!: string | null;
  @Field(() => Int, { nullable: true, description: 'Non-blank lines in the file; null while uploading.' }) totalLines!: number | null;
  @Field(() => Int, { description: 'Lines handled so far (written, unchanged or refused), committed batch by batch.' }) processedLines!: number;
  @Field(() => Int, { description: 'Lines refused, each with an entry in errors.' }) failedLines!: number;
  @Field(() => Int, { description: 'Lines that created a new record (e.g. an order number not seen before).' }) createdLines!: number;
  @Field(() => Int, { description: 'Lines that changed a stored record.' }) updatedLines!: number;
  @Field(() => Int, { description: 'Lines whose record was already stored exactly so (a file sent again): nothing written.' }) unchangedLines!: number;
  @Field(() => Int, { description: 'Runs started: more than 1 when a worker stopped mid-import and another resumed it.' }) attempts!: number;
  @Field(() => String, { nullable: true, description: 'FAILED: a stable code: UPLOAD_INCOMPLETE, WORKER_LOST, INTERNAL.' }) errorCode!: string | null;
  @Field(() => String, { nullable: true, description: 'FAILED: why, in words.' }) error!: string | null;
  @Field({ description: 'Who sent it, e.g. "admin:alice".' }) requestedBy!: string;
  @Field(() => GraphQLDateTime, { description: 'When the upload began.' }) createdAt!: Date;
  @Field(() => GraphQLDateTime, { nullable: true, description: 'When a worker first started it.' }) startedAt!: Date | null;
  @Field(() => GraphQLDateTime, { nullable: true, description: 'When it SUCCEEDED or FAILED.' }) finishedAt!: Date | null;
}
