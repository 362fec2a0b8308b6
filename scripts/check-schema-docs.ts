import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/db/client';
import { Kind, parse, type DefinitionNode, type FieldDefinitionNode, type InputValueDefinitionNode, type StringValueNode } from 'graphql';

/** One schema element (type, field, argument, input field, enum value, directive) by its schema coordinate. */
export interface SchemaElement {
  coordinate: string;
  described: boolean;
}

/** The share of schema elements with a description, and the coordinates of those without one. */
export interface SchemaDocsReport {
  total: number;
  described: number;
  undescribed: string[];
}

/** A description counts when it has words in it that are not just the element's own name. */
function hasDescription(description: StringValueNode | undefined, name: string): boolean {
  const text = description?.value.trim() ?? '';
  const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  return text !== '' && squash(text) !== squash(name);
}

/** Every element of an SDL document (types, fields, arguments, input fields, enum values, directives), in document order. */
export function schemaElements(sdl: string): SchemaElement[] {
  const out: SchemaElement[] = [];
  const add = (coordinate: string, description: StringValueNode | undefined, name: string) =>
    out.push({ coordinate, described: hasDescription(description, name) });
  const args = (owner: string, list: readonly InputValueDefinitionNode[] | undefined) =>
    list?.forEach((a) => add(`${owner}(${a.name.value}:)`, a.description, a.name.value));
  const fields = (type: string, list: readonly FieldDefinitionNode[] | undefined) => list?.forEach((f) => {
    add(`${type}.${f.name.value}`, f.description, f.name.value);
    args(`${type}.${f.name.value}`, f.arguments);
  });
  for (const def of parse(sdl).definitions as readonly DefinitionNode[]) {
    switch (def.kind) {
      case Kind.OBJECT_TYPE_DEFINITION:
      case Kind.INTERFACE_TYPE_DEFINITION:
        add(def.name.value, def.description, def.name.value);
        fields(def.name.value, def.fields);
        break;
      case Kind.INPUT_OBJECT_TYPE_DEFINITION:
        add(def.name.value, def.description, def.name.value);
        def.fields?.forEach((f) => add(`${def.name.value}.${f.name.value}`, f.description, f.name.value));
        break;
      case Kind.ENUM_TYPE_DEFINITION:
        add(def.name.value, def.description, def.name.value);
        def.values?.forEach((v) => add(`${def.name.value}.${v.name.value}`, v.description, v.name.value));
        break;
      case Kind.SCALAR_TYPE_DEFINITION:
      case Kind.UNION_TYPE_DEFINITION:
        add(def.name.value, def.description, def.name.value);
        break;
      case Kind.DIRECTIVE_DEFINITION:
        add(`@${def.name.value}`, def.description, def.name.value);
        args(`@${def.name.value}`, def.arguments);
        break;
      default:
        break;
    }
  }
  return out;
}

/** Counts described elements of an SDL document and lists the rest by coordinate. */
export function checkSchemaDocs(sdl: string): SchemaDocsReport {
  const elements = schemaElements(sdl);
  const undescribed = elements.filter((e) => !e.described).map((e) => e.coordinate);
  return { total: elements.length, described: elements.length - undescribed.length, undescribed };
}

/** The committed SDL this check reads (the file `npm run schema:emit` writes). */
export const SCHEMA_FILE = path.join(PROJECT_ROOT, 'schema', 'schema.graphql');

/** `npm run schema:docs`: lists every undescribed element of schema/schema.graphql; exits 1 unless all are described. */
function main(): void {
  const report = checkSchemaDocs(fs.readFileSync(SCHEMA_FILE, 'utf8'));
  const pct = report.total ? (100 * report.described) / report.total : 100;
  for (const c of report.undescribed) process.stdout.write(`undescribed: ${c}\n`);
  const summary = `schema/schema.graphql: ${report.described} of ${report.total} elements described (${pct.toFixed(1)} %)`;
  if (report.undescribed.length) {
    process.stderr.write(`${summary}. Add a description to each element above (type-graphql \`description\`), then run \`npm run schema:emit\`.\n`);
    process.exit(1);
  }
  process.stdout.write(`${summary}.\n`);
}

// Run as a script, not when imported by the jest test.
if (require.main === module) main();
