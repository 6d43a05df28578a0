import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import type { SecretRef } from '../../../shared/refs/secret-ref.ts';
import { expandHome, type RefContext } from './ref-context.ts';
import { refError } from './ref-errors.ts';

/** Reads a file a reference names, with errors that say which file and why. */
export async function readRefFile(ref: SecretRef, path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw refError('REF_NOT_FOUND', ref, {
        what: `there is no file ${path}`,
        hint: 'Check the path, or pick the file again.',
      });
    throw refError('REF_UNAVAILABLE', ref, {
      what: `the file ${path} cannot be read (${code ?? 'error'})`,
      hint: 'Check that the file is readable by you (its permissions), and that it is a file.',
      cause: error,
    });
  }
}

/** RFC 6901: `~1` is `/`, `~0` is `~`. */
function pointerTokens(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * A value inside a JSON or YAML document (JSON is YAML).
 * @see https://www.rfc-editor.org/rfc/rfc6901
 */
function atPointer(ref: SecretRef, text: string, pointer: string): string {
  let node: unknown;
  try {
    node = parse(text);
  } catch (error) {
    throw refError('REF_UNAVAILABLE', ref, {
      what: 'the file is not JSON or YAML, so #… cannot point into it',
      hint: 'Remove the #/pointer to read the whole file, or fix the file.',
      cause: error,
    });
  }
  for (const token of pointerTokens(pointer)) {
    if (node !== null && typeof node === 'object' && Object.hasOwn(node, token)) {
      node = (node as Record<string, unknown>)[token];
    } else {
      throw refError('REF_NOT_FOUND', ref, {
        what: `the file has nothing at ${pointer}`,
        hint: 'Check the pointer: #/key/sub, with ~1 for a / inside a key.',
      });
    }
  }
  if (typeof node === 'string' || typeof node === 'number' || typeof node === 'boolean') return String(node);
  throw refError('REF_NOT_FOUND', ref, {
    what: `${pointer} is not a single value in the file`,
    hint: 'Point at a string, not at an object or a list.',
  });
}

/** `ref+file:///abs/path` and `ref+file://~/path`: the content, one trailing newline trimmed. */
export async function resolveFileRef(ref: SecretRef, context: RefContext): Promise<string> {
  const text = (await readRefFile(ref, expandHome(ref.path, context.env))).toString('utf8');
  return ref.fragment === undefined ? text.replace(/\r?\n$/, '') : atPointer(ref, text, ref.fragment);
}
