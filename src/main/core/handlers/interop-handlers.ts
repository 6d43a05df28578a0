import { readFile, stat, writeFile } from 'node:fs/promises';
import { AppError } from '../../../shared/domain/errors.ts';
import { MAX_IMPORT_BYTES } from '../../../shared/security/import-limit.ts';
import { toSnippet, type SecretMode, type Snippet, type SnippetLang } from '../../../shared/snippets/index.ts';
import { applyImportPlan } from '../interop/apply-import.ts';
import type { ImportSummary } from '../interop/import-plan.ts';
import { parseImport } from '../interop/parse-import.ts';
import { exportPostman } from '../interop/postman-export.ts';
import type { Handlers } from '../ipc/dispatch.ts';
import type { CoreServices } from '../services.ts';

type InteropHandlers = Pick<
  Handlers,
  'import:text' | 'import:file' | 'export:postman' | 'snippet:export' | 'snippet:copy'
>;

/** Imports (cURL, Postman, OpenAPI) into the workspace, the Postman export, and snippets of a run's steps. */
export function interopHandlers(services: CoreServices): InteropHandlers {
  const { workspace, vault, profiles, runs } = services;

  async function importAndApply(text: string): Promise<ImportSummary> {
    return applyImportPlan(
      { workspace, vault, profiles },
      await parseImport(text, { worker: services.importWorker, profiles }),
    );
  }

  function dialogs() {
    if (!services.dialogs) throw new AppError('NOT_SUPPORTED', 'Files cannot be chosen here.');
    return services.dialogs;
  }

  function snippet(runId: string, stepId: string, lang: SnippetLang, mode: SecretMode): Snippet {
    const step = runs.get(runId).steps.find((candidate) => candidate.id === stepId);
    if (!step?.spec) throw new AppError('UNKNOWN_RUN', `The run has no HTTP request "${stepId}" to export.`);
    return toSnippet(step.spec, { lang, secrets: step.secrets, mode });
  }

  return {
    'import:text': ({ text }) => importAndApply(text),
    'import:file': async () => {
      const path = await dialogs().chooseOpenPath('import');
      if (!path) return { path: null };
      if ((await stat(path)).size > MAX_IMPORT_BYTES)
        throw new AppError(
          'INVALID_INPUT',
          'The file is larger than 5 MB; that is no collection or document to import.',
        );
      return { path, summary: await importAndApply(await readFile(path, 'utf8')) };
    },
    'export:postman': async ({ requestIds }) => {
      const path = await dialogs().chooseSavePath('tokensmith.postman_collection.json');
      if (!path) return { path: null, warnings: [] };
      const requests = requestIds ? requestIds.map((id) => workspace.request(id)) : workspace.requests();
      const { json, warnings } = await exportPostman({
        requests,
        environments: workspace.environments(),
        profiles,
        deps: services.deps,
      });
      await writeFile(path, json, { mode: 0o600 });
      return { path, warnings };
    },
    'snippet:export': ({ runId, stepId, lang, mode }) => {
      const { code, variables } = snippet(runId, stepId, lang, mode);
      return { code, variables: variables.map(({ variable, origin }) => ({ variable, origin })) };
    },
    'snippet:copy': async ({ runId, stepId, lang, mode }) => {
      const { code } = snippet(runId, stepId, lang, mode);
      const outcome =
        mode === 'reveal' ? await services.clipboard.writeSecret(code) : await services.clipboard.writeText(code);
      return { copied: true, ...outcome };
    },
  };
}
