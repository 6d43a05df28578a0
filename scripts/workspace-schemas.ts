/**
 * `node scripts/workspace-schemas.ts`: writes the JSON Schema of each kind of file of a workspace
 * folder to docs/schemas/, made from the zod schemas the app reads them with (z.toJSONSchema), so
 * the documentation cannot drift from the code. A unit test fails when they differ.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { workspaceJsonSchemas } from '../src/main/core/workspace/workspace-files.ts';

const dir = path.resolve(import.meta.dirname, '../docs/schemas');
mkdirSync(dir, { recursive: true });
for (const [name, schema] of Object.entries(workspaceJsonSchemas())) {
  writeFileSync(path.join(dir, `${name}.schema.json`), `${JSON.stringify(schema, null, 2)}\n`);
}
