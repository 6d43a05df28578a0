import type { ConfirmDialog } from '../services.ts';
import type { Vault } from '../vault/vault.ts';
import {
  createRefReader,
  createRefResolver,
  type RefReader,
  type RefResolver,
  type RefResolverOptions,
} from './resolve-values.ts';

/** Where the vault keeps a KeePass database's password (sealed like any secret), by its path. */
export function kdbxPasswordRef(path: string): string {
  return `kdbx:${path}`;
}

/**
 * How the app reads references: one the user typed for this run is approved (and remembered);
 * one approved before on this machine is read; any other (from an import, a workspace pulled from
 * git) is read only after a yes in main's own dialog, which is then remembered in the vault.
 * A KeePass password comes sealed from the vault.
 */
interface AppRefOptions {
  vault: Vault;
  confirm: ConfirmDialog | undefined;
  env?: NodeJS.ProcessEnv;
  typed?: ReadonlySet<string>;
}

export function appRefResolver(options: AppRefOptions): RefResolver {
  return createRefResolver(appRefOptions(options));
}

/** One reference read as a run would read it (the Test button). */
export function appRefReader(options: AppRefOptions): RefReader {
  return createRefReader(appRefOptions(options));
}

function appRefOptions(options: AppRefOptions): RefResolverOptions {
  const { vault } = options;
  return {
    context: {
      env: options.env ?? process.env,
      kdbxPassword: async (_ref, path) => {
        const stored = kdbxPasswordRef(path);
        return vault.has(stored) ? vault.get(stored, `The password of ${path}`) : undefined;
      },
    },
    approve: async (ref) => {
      if (options.typed?.has(ref.text)) {
        vault.approveRef(ref.text);
        return true;
      }
      if (vault.isRefApproved(ref.text)) return true;
      const yes =
        (await options.confirm?.confirm({
          title: 'Read a secret from outside Tokensmith?',
          message: `A saved value asks to read ${ref.text}.`,
          detail: `It ${ref.backend === 'pass' || ref.backend === 'op' ? `runs ${ref.backend}` : 'reads a file'} on this machine. It did not come from you typing it (an import or a shared workspace); allow it only if you trust where it came from.`,
          confirmLabel: 'Allow',
        })) ?? false;
      if (yes) vault.approveRef(ref.text);
      return yes;
    },
    approvalHint: 'Approve it when Tokensmith asks, or type the reference into the field yourself.',
  };
}
