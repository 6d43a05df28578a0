import { AppError } from '../../../shared/domain/errors.ts';
import type { Handlers } from '../ipc/dispatch.ts';
import { appRefReader, kdbxPasswordRef } from '../refs/app-ref-resolver.ts';
import { kdbxEntries, opItems, passEntries } from '../refs/ref-browse.ts';
import type { CoreServices } from '../services.ts';

type RefHandlers = Pick<
  Handlers,
  'refs:test' | 'refs:pass-entries' | 'refs:choose-file' | 'refs:kdbx-entries' | 'refs:op-items'
>;

/** The secret picker and the Test button: main reads and browses; the renderer sees names, never values. */
export function refHandlers(services: CoreServices): RefHandlers {
  const { vault } = services;
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
      const entries = await kdbxEntries({ path, password: given });
      // Asked once: the password that opened it is kept sealed, for the runs that read it.
      if (password !== undefined && vault.unlocked) await vault.put(stored, password);
      return { entries };
    },
    'refs:op-items': () => opItems(process.env),
  };
}
