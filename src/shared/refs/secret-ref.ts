import { AppError } from '../domain/errors.ts';

/**
 * Where a secret field's value can come from instead of being typed: the backends of helmfile's
 * `vals` convention (`ref+BACKEND://PATH[?PARAMS][#FRAGMENT]`) that work offline.
 */
export const REF_BACKENDS = ['env', 'file', 'pass', 'kdbx', 'op'] as const;
export type RefBackend = (typeof REF_BACKENDS)[number];

export interface SecretRef {
  /** The reference exactly as written: what consent is keyed by. */
  text: string;
  backend: RefBackend;
  /** A variable name, a file path (absolute or `~/…`), a store path, or `vault/item/field`. */
  path: string;
  /** `?field=UserName`, `?keyfile=…`: decoded. */
  params: Readonly<Record<string, string>>;
  /** A JSON pointer (file) or a group/entry path (kdbx). */
  fragment?: string;
}

/** How every reference starts: `ref+BACKEND://`. */
export const SECRET_REF_PREFIX = /^ref\+([a-z0-9]+):\/\//;

/** True for a value that is a reference rather than the secret itself. */
export function isSecretRef(value: string): boolean {
  return SECRET_REF_PREFIX.test(value);
}

function invalid(text: string, why: string, hint: string): AppError {
  return new AppError('REF_INVALID', `The reference ${text} ${why}.`, { hint });
}

const SYNTAX_HINT = 'Write it as ref+BACKEND://PATH[?PARAMS][#FRAGMENT], e.g. ref+pass://team/api-secret.';

/** Parses a reference; throws `REF_INVALID` naming what is wrong with it. */
export function parseSecretRef(text: string): SecretRef {
  const match = SECRET_REF_PREFIX.exec(text);
  if (!match) throw invalid(text, 'does not start with ref+BACKEND://', SYNTAX_HINT);
  const backend = match[1]!;
  if (!(REF_BACKENDS as readonly string[]).includes(backend)) {
    throw invalid(text, `names the unknown backend "${backend}"`, `Use one of ${REF_BACKENDS.join(', ')}.`);
  }
  let rest = text.slice(match[0].length);
  let fragment: string | undefined;
  const hash = rest.indexOf('#');
  if (hash >= 0) {
    fragment = rest.slice(hash + 1);
    rest = rest.slice(0, hash);
  }
  const params: Record<string, string> = {};
  const question = rest.indexOf('?');
  if (question >= 0) {
    for (const pair of rest.slice(question + 1).split('&')) {
      if (pair === '') continue;
      const equals = pair.indexOf('=');
      const name = equals < 0 ? pair : pair.slice(0, equals);
      try {
        params[decodeURIComponent(name)] = equals < 0 ? '' : decodeURIComponent(pair.slice(equals + 1));
      } catch {
        throw invalid(text, `has a parameter that is not valid percent-encoding ("${pair}")`, SYNTAX_HINT);
      }
    }
    rest = rest.slice(0, question);
  }
  const ref: SecretRef = {
    text,
    backend: backend as RefBackend,
    path: rest,
    params,
    ...(fragment ? { fragment } : {}),
  };
  checkShape(ref);
  return ref;
}

function checkShape(ref: SecretRef): void {
  const { text, path } = ref;
  if (path === '') throw invalid(text, 'has no path', SYNTAX_HINT);
  switch (ref.backend) {
    case 'env':
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(path))
        throw invalid(
          text,
          'does not name an environment variable',
          'Write ref+env://NAME, e.g. ref+env://API_SECRET.',
        );
      return;
    case 'file':
    case 'kdbx':
      if (!path.startsWith('/') && !path.startsWith('~/'))
        throw invalid(
          text,
          'has a relative path',
          `Write an absolute path (ref+${ref.backend}:///home/me/file) or one in your home folder (ref+${ref.backend}://~/file).`,
        );
      if (ref.backend === 'kdbx' && !ref.fragment)
        throw invalid(text, 'names no entry', 'Add the entry after #, e.g. ref+kdbx:///home/me/team.kdbx#Group/Entry.');
      if (ref.backend === 'file' && ref.fragment !== undefined && !ref.fragment.startsWith('/'))
        throw invalid(
          text,
          'has a fragment that is not a JSON pointer',
          'Write #/key/sub for a value inside JSON or YAML.',
        );
      return;
    case 'pass':
      if (path.startsWith('/') || path.split('/').includes('..'))
        throw invalid(
          text,
          'is not a path inside the password store',
          'Write ref+pass://folder/entry, as `pass show` takes it.',
        );
      return;
    case 'op':
      if (path.split('/').length < 3)
        throw invalid(text, 'is not vault/item/field', 'Write ref+op://vault/item/field, as `op read` takes it.');
      return;
  }
}

/**
 * A reference that runs a program or reads a file must be approved on this machine before it is
 * first used, unless the user typed it: one that came in a shared file could read anything.
 * An environment variable is the user's own setting, so it needs no approval.
 */
export function refNeedsConsent(ref: SecretRef): boolean {
  return ref.backend !== 'env';
}

/** The kdbx entry attribute a reference reads: the Password unless `?field=` names another. */
export function kdbxField(ref: SecretRef): string {
  return ref.params.field ?? 'Password';
}
