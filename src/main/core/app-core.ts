import { AppError } from '../../shared/domain/errors.ts';
import type { Profile } from '../../shared/domain/profile.ts';
import { toCurl, type CurlExport, type SecretMode } from '../../shared/curl/export.ts';
import { PROFILES } from '../../shared/providers/index.ts';
import { toFlowReport } from './flow/report.ts';
import { runFlow } from './flow/run-flow.ts';
import { RunRegistry } from './flow/run-registry.ts';
import { createHttpClient, type HttpClient } from './http/http-client.ts';
import type { Handlers } from './ipc/dispatch.ts';
import type { EventName, EventPayload } from '../../shared/contract.ts';

/** The system clipboard, or a recording one in tests. */
export interface Clipboard {
  writeText(text: string): Promise<void>;
}

export type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface CoreOptions {
  clipboard: Clipboard;
  /** Pushes an event to the renderer. */
  emit: Emit;
  http?: HttpClient;
  profiles?: readonly Profile[];
}

export interface Core {
  handlers: Handlers;
  close(): Promise<void>;
}

function findProfile(profiles: readonly Profile[], id: string): Profile {
  const profile = profiles.find((candidate) => candidate.id === id);
  if (!profile) throw new AppError('UNKNOWN_PROFILE', `There is no provider profile "${id}".`);
  return profile;
}

/** The main process's services behind the contract; Electron and the test transport both call these. */
export function createCore(options: CoreOptions): Core {
  const http = options.http ?? createHttpClient();
  const profiles = options.profiles ?? PROFILES;
  const runs = new RunRegistry();

  function exportStep(runId: string, stepId: string, mode: SecretMode): CurlExport {
    const run = runs.get(runId);
    const step = run.steps.find((candidate) => candidate.id === stepId);
    if (!step) throw new AppError('UNKNOWN_RUN', `The run has no step "${stepId}".`);
    return toCurl(step.spec, { secrets: run.secrets, mode });
  }

  const handlers: Handlers = {
    'grant:run': async ({ profileId, values }) => {
      const run = await runFlow({
        profile: findProfile(profiles, profileId),
        values,
        http,
        onProgress: (progress) => options.emit('grant:progress', progress),
      });
      runs.add(run);
      return toFlowReport(run);
    },
    'curl:export': ({ runId, stepId, mode }) => {
      const { command, variables } = exportStep(runId, stepId, mode);
      return { command, variables: variables.map(({ variable, origin }) => ({ variable, origin })) };
    },
    'curl:copy': async ({ runId, stepId, mode }) => {
      await options.clipboard.writeText(exportStep(runId, stepId, mode).command);
      return { copied: true };
    },
    'token:copy': async ({ runId }) => {
      const run = runs.get(runId);
      if (!run.token) throw new AppError('NO_TOKEN', 'This run did not get a token.');
      await options.clipboard.writeText(run.token.accessToken);
      return { copied: true };
    },
  };

  return { handlers, close: () => http.close() };
}
