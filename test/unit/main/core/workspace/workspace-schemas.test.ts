import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { workspaceJsonSchemas } from '../../../../../src/main/core/workspace/workspace-files.ts';

const DOCS = path.resolve(import.meta.dirname, '../../../../../docs');

describe('docs/schemas: the JSON Schemas of the workspace files', () => {
  it('are the ones the app reads the files with (run `node scripts/workspace-schemas.ts` after a change)', () => {
    const generated = workspaceJsonSchemas();
    const committed = Object.fromEntries(
      readdirSync(path.join(DOCS, 'schemas')).map((file) => [
        file.replace('.schema.json', ''),
        JSON.parse(readFileSync(path.join(DOCS, 'schemas', file), 'utf8')) as unknown,
      ]),
    );
    expect(committed).toEqual(generated);
  });

  it('are each named in docs/workspace-format.md', () => {
    const doc = readFileSync(path.join(DOCS, 'workspace-format.md'), 'utf8');
    for (const name of Object.keys(workspaceJsonSchemas())) expect(doc).toContain(`schemas/${name}.schema.json`);
  });
});
