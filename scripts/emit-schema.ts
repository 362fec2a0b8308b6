import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { PROJECT_ROOT } from '../src/db/client';
import { buildGatewaySchema } from '../src/graphql/schema';
import { renderErrorCodesDoc } from './error-codes-doc';

const HEADER = '# Generated from the type-graphql code by `npm run schema:emit`. Do not edit: CI fails when it is stale.\n\n';

/**
 * Writes the artefacts generated from the GraphQL code: schema/schema.graphql and docs/error-codes.md. With --check,
 * fails when a committed one differs from the code.
 */
async function main(): Promise<void> {
  const schema = await buildGatewaySchema();
  const targets = [
    { file: path.join(PROJECT_ROOT, 'schema', 'schema.graphql'), text: HEADER + printSchema(lexicographicSortSchema(schema)) + '\n' },
    { file: path.join(PROJECT_ROOT, 'docs', 'error-codes.md'), text: renderErrorCodesDoc(schema) },
  ];
  if (process.argv.includes('--check')) {
    const stale = targets.filter((t) => (fs.existsSync(t.file) ? fs.readFileSync(t.file, 'utf8') : '') !== t.text);
    for (const t of stale) process.stderr.write(`${path.relative(PROJECT_ROOT, t.file)} is stale: run \`npm run schema:emit\` and commit the result.\n`);
    if (stale.length) process.exit(1);
    process.stdout.write(`${targets.map((t) => path.relative(PROJECT_ROOT, t.file)).join(' and ')} are current.\n`);
    return;
  }
  for (const t of targets) {
    fs.mkdirSync(path.dirname(t.file), { recursive: true });
    fs.writeFileSync(t.file, t.text);
    process.stdout.write(`wrote ${path.relative(process.cwd(), t.file)}\n`);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
