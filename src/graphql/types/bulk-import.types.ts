import { IsOptional, Max, MaxLength, Min, MinLength } from 'class-validator';
import { GraphQLDateTime } from 'graphql-scalars';
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { BulkImportStatus } from '../../db/schema';
import { MAX_STAGED_PARTS } from '../../domain/staged-upload';
import { Node, UserError } from './common.types';
import { enumOf } from './enums';

export const BulkImportStatusEnum = enumOf(['STAGED', 'UPLOADING', 'QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED'] as const);
registerEnumType(BulkImportStatusEnum, {
  name: 'BulkImportStatus',
  description: 'Where a bulk import is: UPLOADING (POST /imports) or STAGED (createStagedImport) → QUEUED → RUNNING → SUCCEEDED, or FAILED (RUNNING → QUEUED again when its worker stopped).',
  valuesConfig: {
    STAGED: { description: 'A staged upload (createStagedImport) receiving its parts; startBulkImport queues it. Expires (FAILED, UPLOAD_EXPIRED) when no part arrives for a while (see expiresAt).' },
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
  @Field(() => Int, { nullable: true, description: 'Non-blank lines in the file; null while uploading, and for a staged upload until the worker has cut its parts into lines.' }) totalLines!: number | null;
  @Field(() => Int, { description: 'Lines handled so far (written, unchanged or refused), committed batch by batch.' }) processedLines!: number;
  @Field(() => Int, { description: 'Lines refused, each with an entry in errors.' }) failedLines!: number;
  @Field(() => Int, { description: 'Lines that created a new record (e.g. an order number not seen before).' }) createdLines!: number;
  @Field(() => Int, { description: 'Lines that changed a stored record.' }) updatedLines!: number;
  @Field(() => Int, { description: 'Lines whose record was already stored exactly so (a file sent again): nothing written.' }) unchangedLines!: number;
  @Field(() => Int, { description: 'Runs started: more than 1 when a worker stopped mid-import and another resumed it.' }) attempts!: number;
  @Field(() => String, { nullable: true, description: 'FAILED: a stable code: UPLOAD_INCOMPLETE, UPLOAD_EXPIRED (a staged upload left without parts), WORKER_LOST, INTERNAL.' }) errorCode!: string | null;
  @Field(() => String, { nullable: true, description: 'FAILED: why, in words.' }) error!: string | null;
  @Field({ description: 'Who sent it, e.g. "admin:alice".' }) requestedBy!: string;
  @Field(() => GraphQLDateTime, { description: 'When the upload began.' }) createdAt!: Date;
  @Field(() => GraphQLDateTime, { nullable: true, description: 'When a worker first started it.' }) startedAt!: Date | null;
  @Field(() => GraphQLDateTime, { nullable: true, description: 'When it SUCCEEDED or FAILED.' }) finishedAt!: Date | null;
  @Field(() => GraphQLDateTime, { nullable: true, description: 'Staged uploads: while STAGED, when the upload expires unless another part arrives (each part pushes it back); null for POST /imports.' }) expiresAt!: Date | null;
}

@InputType({ description: 'A staged upload to create: the file then goes up in parts (docs/importing.md, "Staged upload").' })
export class CreateStagedImportInput {
  @Field(() => String, { nullable: true, description: 'The file\'s name, kept for people (up to 200 characters).' })
  @IsOptional() @MaxLength(200)
  filename?: string | null;

  @Field(() => String, { nullable: true, description: 'Same key and same filename answer the staged import created first (a retried request creates nothing).' })
  @IsOptional() @MinLength(1) @MaxLength(200)
  idempotencyKey?: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'Result of createStagedImport: the import and where to send its parts.' })
export class CreateStagedImportPayload {
  @Field(() => BulkImport, { nullable: true, description: 'The staged import (STAGED), or null with userErrors.' }) bulkImport!: BulkImport | null;
  @Field(() => String, { nullable: true, description: 'Where the parts go, relative to the API\'s origin (the one serving /graphql): PUT each part\'s bytes to `<partsUrl>/<partNumber>`; GET partsUrl lists the parts received.' }) partsUrl!: string | null;
  @Field(() => Int, { description: 'The largest part taken, in bytes (BULK_IMPORT_PART_MAX_BYTES).' }) maxPartBytes!: number;
  @Field(() => Float, { description: 'The largest file taken, all parts together, in bytes (BULK_IMPORT_FILE_MAX_BYTES).' }) maxFileBytes!: number;
  @Field(() => Int, { description: 'Part numbers run from 1 to this.' }) maxParts!: number;
  @Field(() => [UserError], { description: 'IDEMPOTENCY_KEY_REUSED: the key was used for a staged import with another filename.' }) userErrors!: UserError[];
}

@InputType({ description: 'The staged upload to start.' })
export class StartBulkImportInput {
  @Field(() => ID, { description: 'The staged import (createStagedImport\'s bulkImport.id).' })
  id!: string;

  @Field(() => Int, { nullable: true, description: 'How many parts the client sent; given, the import starts only when exactly parts 1 to partCount arrived. Left out: parts 1 to the highest received, without a gap.' })
  @IsOptional() @Min(1) @Max(MAX_STAGED_PARTS)
  partCount?: number | null;
}

@ObjectType({ simpleResolvers: true, description: 'Result of startBulkImport.' })
export class StartBulkImportPayload {
  @Field(() => BulkImport, { nullable: true, description: 'The import: QUEUED once started; with IMPORT_ALREADY_STARTED or IMPORT_EXPIRED as it is now; null when not found.' }) bulkImport!: BulkImport | null;
  @Field(() => [UserError], { description: 'NOT_FOUND, IMPORT_ALREADY_STARTED, IMPORT_EXPIRED, PARTS_INCOMPLETE (the message lists the missing part numbers).' }) userErrors!: UserError[];
}
