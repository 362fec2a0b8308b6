import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { PROJECT_ROOT } from '../src/db/client';
import { buildGatewaySchema } from '../src/graphql/schema';

const TARGET = path.join(PROJECT_ROOT, 'schema', 'schema.graphql');
const HEADER = '# Generated from the type-graphql code by `npm run schema:emit`. Do not edit: CI fails when it is stale.\n\n';

/** Writes schema/schema.graphql, or with --check fails when the committed file differs from the code. */
async function main(): Promise<void> {
  const sdl = HEADER + printSchema(lexicographicSortSchema(await buildGatewaySchema())) + '\n';
  if (process.argv.includes('--check')) {
    const committed = fs.existsSync(TARGET) ? fs.readFileSync(TARGET, 'utf8') : '';
    if (committed !== sdl) {
      process.stderr.write('schema/schema.graphql is stale: run `npm run schema:emit` and commit the result.\n');
      process.exit(1);
    }
    process.stdout.write('schema/schema.graphql is current.\n');
    return;
  }
  fs.mkdirSync(path.dirname(TARGET), { recursive: true });
  fs.writeFileSync(TARGET, sdl);
  process.stdout.write(`wrote ${path.relative(process.cwd(), TARGET)}\n`);
}

void main();
