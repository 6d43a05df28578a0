import type { SecretRef } from '../../../shared/refs/secret-ref.ts';
import type { RefContext } from './ref-context.ts';
import { refError } from './ref-errors.ts';

/** `ref+env://NAME`: the variable of the app's (or the command's) environment. */
export function resolveEnvRef(ref: SecretRef, context: RefContext): string {
  const value = context.env[ref.path];
  if (value === undefined || value === '') {
    throw refError('REF_NOT_FOUND', ref, {
      what: `the environment variable ${ref.path} is not set`,
      hint: `Set ${ref.path} in the environment Tokensmith starts from, then try again.`,
    });
  }
  return value;
}
