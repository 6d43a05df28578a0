import { AppError } from '../../../shared/domain/errors.ts';
import type { Handlers } from '../ipc/dispatch.ts';
import { appRefReader, kdbxPasswordRef } from '../refs/app-ref-resolver.ts';
import { kdbxEntries, opItems, passEntries } from '../refs/ref-browse.ts';
import { writeKdbxEntry } from '../refs/kdbx-write.ts';
import { requireProfile } from '../../../shared/providers/index.ts';
import type { CoreServices } from '../services.ts';
import { secretRef, type SecretScope } from '../workspace/secret-refs.ts';

type RefHandlers = Pick<
  Handlers,
  | 'refs:test'
  | 'refs:pass-entries'
  | 'refs:choose-file'
  | 'refs:kdbx-entries'
  | 'refs:op-items'
  | 'refs:move-to-kdbx'
  | 'refs:copy-to-vault'
>;

/** The secret picker and the Test button: main reads and browses; the renderer sees names, never values. */
export function refHandlers(services: CoreServices): RefHandlers {
  const { vault } = services;

  /** Where a form's secret field is kept: a saved request's, or the scratch form's. */
  function scopeOf(input: { profileId: string; savedRequestId?: string | undefined; field: string }): SecretScope {
    const profile = requireProfile(input.profileId, services.profiles);
    if (!profile.fields.some((field) => field.name === input.field && field.type === 'secret'))
      throw new AppError('INVALID_INPUT', `${profile.name} has no secret field "${input.field}".`);
    return input.savedRequestId
      ? { kind: 'request', id: input.savedRequestId }
      : { kind: 'draft', profileId: input.profileId };
  }

  return {
    'refs:test': async ({ ref, typed }) => {
      const read = appRefReader({ vault, confirm: services.confirm, ...(typed ? { typed: new Set([ref]) } : {}) });
      // The value is read exactly as a run reads it, then dropped here: only "found" goes back.
      await read(ref, 'This field');
      return { found: true };
    },
    'refs:pass-entries': () => passEntries(process.env),
    'refs:choose-file': async ({ kind }) => {
      if (!services.dialogs) throw new AppError('NOT_SUPPORTED', 'This window cannot choose files.');
      return { path: (await services.dialogs.chooseOpenPath(kind === 'kdbx' ? 'kdbx' : 'any')) ?? null };
    },
    'refs:kdbx-entries': async ({ path, password }) => {
      const stored = kdbxPasswordRef(path);
      const given = password ?? (vault.has(stored) ? await vault.get(stored, `The password of ${path}`) : undefined);
      // Nothing to try it with: ask, rather than spend a key derivation on a "wrong password".
      if (given === undefined)
        throw new AppError('MISSING_FIELD', `${path} needs its password.`, {
          hint: 'Type the database password and press Unlock; Tokensmith keeps it sealed in the vault.',
          field: 'password',
        });
      const entries = await kdbxEntries({ path, password: given });
      // Asked once: the password that opened it is kept sealed, for the runs that read it.
      if (password !== undefined && vault.unlocked) await vault.put(stored, password);
      return { entries };
    },
    'refs:op-items': () => opItems(process.env),
    'refs:move-to-kdbx': async (input) => {
      const scope = scopeOf(input);
      if ((await services.workspace.refOf(scope, input.field)) !== undefined)
        throw new AppError('INVALID_INPUT', 'This field already reads a reference; there is no value to move.');
      const value = await vault.get(secretRef(scope, input.field));
      const stored = kdbxPasswordRef(input.path);
      const password =
        input.password ?? (vault.has(stored) ? await vault.get(stored, `The password of ${input.path}`) : undefined);
      const text = await writeKdbxEntry({ path: input.path, password, entryPath: input.entryPath, value });
      if (input.password !== undefined) await vault.put(stored, input.password);
      // The user moved it there: the reference is theirs, approved.
      vault.approveRef(text);
      await services.workspace.setRef(scope, input.field, text);
      return { ref: text };
    },
    'refs:copy-to-vault': async (input) => {
      const scope = scopeOf(input);
      const text = await services.workspace.refOf(scope, input.field);
      if (text === undefined) throw new AppError('INVALID_INPUT', 'This field holds no reference to copy from.');
      const read = appRefReader({ vault, confirm: services.confirm });
      await services.workspace.keepValue(scope, input.field, await read(text, 'This field'));
      return { copied: true };
    },
  };
}
