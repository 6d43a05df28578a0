import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/domain/errors.ts';
import { dataDirError, fileError } from '../../../src/cli/file-errors.ts';

/** An error as node:fs throws it (as root, permission errors cannot be provoked for real). */
const errno = (code: string): Error => Object.assign(new Error(`${code}: from node:fs`), { code });

describe('fileError', () => {
  it.each([
    ['EACCES', 'read', 'Cannot read /x/export.tokensmith: permission denied.'],
    ['EACCES', 'write', 'Cannot write /x/export.tokensmith: permission denied.'],
    ['ENOENT', 'read', 'Cannot read /x/export.tokensmith: there is no such file.'],
    ['ENOENT', 'write', 'Cannot write /x/export.tokensmith: its folder does not exist.'],
    ['EISDIR', 'read', 'Cannot read /x/export.tokensmith: it is a folder.'],
  ] as const)('%s on %s → INVALID_INPUT naming the file, with the hint', (code, action, message) => {
    const mapped = fileError(errno(code), { file: '/x/export.tokensmith', action, hint: 'Do this.' });
    expect(mapped).toBeInstanceOf(AppError);
    expect((mapped as AppError).toData()).toEqual({ code: 'INVALID_INPUT', message, hint: 'Do this.' });
  });

  it('leaves other errors as they are', () => {
    const other = new TypeError('not a file problem');
    expect(fileError(other, { file: 'f', action: 'read', hint: 'h' })).toBe(other);
    expect(dataDirError(other, '/data')).toBe(other);
  });

  it('names the data folder, whichever file inside it failed', () => {
    const mapped = dataDirError(errno('EACCES'), '/data') as AppError;
    expect(mapped.code).toBe('INVALID_INPUT');
    expect(mapped.message).toBe('The data folder /data cannot be used: permission denied.');
    expect(mapped.hint).toMatch(/^Check --data-dir/);
  });
});
