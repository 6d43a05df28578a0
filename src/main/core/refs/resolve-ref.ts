import type { SecretRef } from '../../../shared/refs/secret-ref.ts';
import { resolveEnvRef } from './env-ref.ts';
import { resolveFileRef } from './file-ref.ts';
import { resolveKdbxRef } from './kdbx-ref.ts';
import { resolveOpRef } from './op-ref.ts';
import { resolvePassRef } from './pass-ref.ts';
import type { RefContext } from './ref-context.ts';

/** Reads a reference's value from its backend; throws a `REF_*` error that names the reference. */
export async function resolveSecretRef(ref: SecretRef, context: RefContext): Promise<string> {
  switch (ref.backend) {
    case 'env':
      return resolveEnvRef(ref, context);
    case 'file':
      return resolveFileRef(ref, context);
    case 'pass':
      return resolvePassRef(ref, context);
    case 'kdbx':
      return resolveKdbxRef(ref, context);
    case 'op':
      return resolveOpRef(ref, context);
  }
}
