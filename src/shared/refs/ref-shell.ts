import { kdbxField, parseSecretRef, type SecretRef } from './secret-ref.ts';

/** POSIX single quotes: every byte literal, a single quote closed, escaped and reopened. */
function quote(value: string): string {
  return /^[A-Za-z0-9_\-.,:/=@%+]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A path as the shell must see it: `~/x` expands only unquoted, so it is written as `"$HOME"/x`. */
function shellPath(path: string): string {
  return path.startsWith('~/') ? `"$HOME"/${quote(path.slice(2))}` : quote(path);
}

/**
 * The bash expression that fetches a reference's value the way Tokensmith does, for exported
 * commands: `$(…)` drops the trailing newline as Tokensmith trims it. Undefined where the shell
 * has no plain way (a JSON pointer into a file).
 */
export function shellFetch(text: string): string | undefined {
  let ref: SecretRef;
  try {
    ref = parseSecretRef(text);
  } catch {
    return undefined;
  }
  switch (ref.backend) {
    case 'env':
      return `"$${ref.path}"`;
    case 'file':
      return ref.fragment === undefined ? `"$(cat ${shellPath(ref.path)})"` : undefined;
    case 'pass':
      return `"$(pass show ${quote(ref.path)} | head -n 1)"`;
    case 'kdbx': {
      // A key file is how the database opens: without --no-password keepassxc-cli would still ask
      // for a password on the terminal, and a database locked by the key file alone then fails.
      const keyfile = ref.params.keyfile === undefined ? '' : ` --no-password -k ${shellPath(ref.params.keyfile)}`;
      return `"$(keepassxc-cli show${keyfile} -s -a ${quote(kdbxField(ref))} ${shellPath(ref.path)} ${quote(ref.fragment ?? '')})"`;
    }
    case 'op':
      return `"$(op read ${quote(`op://${ref.path}`)})"`;
  }
}
