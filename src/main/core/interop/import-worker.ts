/**
 * The worker thread an import is read in, in the app: reading a large collection (the Postman SDK,
 * the YAML parser) takes seconds of CPU that would otherwise freeze every window. Built as its own
 * entry (electron.vite.config.ts), started by parse-import.ts.
 */
import { parentPort } from 'node:worker_threads';
import { AppError } from '../../../shared/domain/errors.ts';
import { importText } from './import-text.ts';
import type { ParseReply, ParseRequest } from './parse-import.ts';

parentPort?.once('message', (request: ParseRequest) => {
  let reply: ParseReply;
  try {
    reply = { ok: true, plan: importText(request.text, { env: request.env, profiles: request.profiles }) };
  } catch (error) {
    reply = {
      ok: false,
      error:
        error instanceof AppError
          ? error.toData()
          : {
              code: 'INTERNAL',
              message: `The import could not be read (${error instanceof Error ? error.message : String(error)}).`,
            },
    };
  }
  parentPort?.postMessage(reply);
});
