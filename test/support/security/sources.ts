import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { SourceText } from './ast.ts';

export const ROOT = path.resolve(import.meta.dirname, '../../..');

/** Every .ts and .tsx file below a folder of the repository, with repository-relative paths. */
export function readSources(folder: string): SourceText[] {
  return readdirSync(path.join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !entry.name.includes('.layer-probe.'))
    .map((entry) => {
      const file = path.join(entry.parentPath, entry.name);
      return { path: path.relative(ROOT, file).split(path.sep).join('/'), text: readFileSync(file, 'utf8') };
    })
    .sort((a, b) => a.path.localeCompare(b.path));
}

export function readSource(file: string): SourceText {
  return { path: file, text: readFileSync(path.join(ROOT, file), 'utf8') };
}

/** A fixture read as if it were the given file of src/ (the checks care where a file lives). */
export function fixtureAs(fixture: string, pretendPath: string): SourceText {
  return { path: pretendPath, text: readFileSync(path.join(ROOT, 'test/fixtures/security', fixture), 'utf8') };
}
