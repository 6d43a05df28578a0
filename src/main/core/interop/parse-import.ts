import { Worker } from 'node:worker_threads';
import { AppError, type AppErrorData } from '../../../shared/domain/errors.ts';
import type { Profile } from '../../../shared/domain/profile.ts';
import type { ImportOptions, ImportPlan } from './import-plan.ts';
import { importText } from './import-text.ts';

export interface ParseRequest {
  text: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Plain data, so it crosses to the worker as it is. */
  profiles?: readonly Profile[] | undefined;
}

export type ParseReply = { ok: true; plan: ImportPlan } | { ok: false; error: AppErrorData };

/**
 * Reads pasted or opened text into an import plan. With `worker` (the app) it is read in a worker
 * thread, so the main process keeps serving every window while a large collection is parsed; the
 * command line, which has nothing else to do, reads it inline.
 */
export function parseImport(
  text: string,
  options: ImportOptions & { worker?: URL | undefined } = {},
): Promise<ImportPlan> {
  const env = options.env ?? {};
  const { profiles } = options;
  if (!options.worker) return Promise.resolve().then(() => importText(text, { env, profiles }));
  const worker = new Worker(options.worker);
  return new Promise<ImportPlan>((resolve, reject) => {
    worker.once('message', (reply: ParseReply) => {
      if (reply.ok) resolve(reply.plan);
      else
        reject(new AppError(reply.error.code, reply.error.message, reply.error.hint ? { hint: reply.error.hint } : {}));
    });
    worker.once('error', (error: Error) =>
      reject(new AppError('INTERNAL', `The import could not be read (${error.message}).`, { cause: error })),
    );
    worker.once('exit', (code) => {
      if (code !== 0) reject(new AppError('INTERNAL', `The import reader stopped (exit code ${code}).`));
    });
    worker.postMessage({ text, env, profiles } satisfies ParseRequest);
  }).finally(() => void worker.terminate());
}
