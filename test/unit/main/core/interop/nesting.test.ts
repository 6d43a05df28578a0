import { describe, expect, it } from 'vitest';
import { importText } from '../../../../../src/main/core/interop/import-text.ts';
import { folderDepth, nestingDepth } from '../../../../../src/main/core/interop/nesting.ts';
import { AppError } from '../../../../../src/shared/domain/errors.ts';

function failure(text: string): AppError {
  try {
    importText(text);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('the import did not fail');
}

describe('documents nested deeper than the importers read are refused by their depth', () => {
  it('counts nesting and folders without recursion, far past any stack', () => {
    const deep = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`) as unknown;
    expect(nestingDepth(deep)).toBe(100_000);
    expect(nestingDepth('text')).toBe(0);
    expect(nestingDepth({ a: [1, { b: {} }] })).toBe(4);
    expect(folderDepth([{ name: 'Me', request: {} }])).toBe(0);
    expect(folderDepth([{ item: [{ item: [] }, { name: 'Me' }] }, { item: [] }])).toBe(2);
  });

  it('a JSON document 5,000 levels deep: INVALID_INPUT naming its depth, not "neither JSON nor YAML"', () => {
    const error = failure(`{"openapi":"3.0.0","x":${'['.repeat(5000)}${']'.repeat(5000)}}`);
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toBe('The document is nested 5001 levels deep; Tokensmith reads up to 1000.');
  });

  it('a YAML document too deep for the YAML parser: INVALID_INPUT saying it is nested too deeply', () => {
    const error = failure(`openapi: 3.0.0\nx: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`);
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toBe('The document is nested too deeply for Tokensmith to read.');
  });

  it('a Postman collection 201 folders deep: said in folders', () => {
    const nested = `${'{"name":"F","item":['.repeat(201)}${']}'.repeat(201)}`;
    const error = failure(`{"info":{"name":"Deep"},"item":[${nested}]}`);
    expect([error.code, error.message]).toEqual([
      'INVALID_INPUT',
      'The collection is nested 201 folders deep; Tokensmith reads up to 200.',
    ]);
  });
});
