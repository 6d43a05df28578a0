import { randomUUID } from 'node:crypto';
import { toCurl, type CurlExport, type SecretMode } from '../../shared/curl/export.ts';
import type { EventName, EventPayload } from '../../shared/contract.ts';
import { AppError } from '../../shared/domain/errors.ts';
import type { Profile } from '../../shared/domain/profile.ts';
import { PROFILES } from '../../shared/providers/index.ts';
import type { FlowDeps, Opener } from './flow/flow-context.ts';
import { toFlowReport } from './flow/report.ts';
import { runFlow } from './flow/run-flow.ts';
import { RunRegistry } from './flow/run-registry.ts';
import { createHttpClient, type HttpClient } from './http/http-client.ts';
import type { Handlers } from './ipc/dispatch.ts';
import { LedgerService } from './ledger/ledger-service.ts';
import { MemoryTokenLedger, type TokenLedger } from './ledger/token-ledger.ts';
import { isSafeExternalUrl } from './safe-url.ts';

/** The system clipboard, or a recording one in tests. */
export interface Clipboard {
  writeText(text: string): Promise<void>;
}

export type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface CoreOptions {
  clipboard: Clipboard;
  /** Pushes an event to the renderer. */
  emit: Emit;
  /** Opens authorization and device-verification pages in the user's browser. */
  opener: Opener;
  http?: HttpClient;
  profiles?: readonly Profile[];
  ledger?: TokenLedger;
  autoRenew?: boolean;
  /** How long a browser step waits for the redirect. */
  callbackTimeoutMs?: number;
}

export interface Core {
  handlers: Handlers;
  ledger: LedgerService;
  /** The recent runs in clear (main only): what cURL export and token copy read. */
  runs: RunRegistry;
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
  const active = new Map<string, AbortController>();
  const pasteTargets = new Map<string, (url: URL) => void>();

  const deps: FlowDeps = {
    http,
    opener: options.opener,
    callbackTimeoutMs: options.callbackTimeoutMs,
    onProgress: (progress) => options.emit('grant:progress', progress),
    onAwaitingRedirect: (runId, deliver) => {
      pasteTargets.set(runId, deliver);
      return () => pasteTargets.delete(runId);
    },
  };
  const ledger = new LedgerService({
    ledger: options.ledger ?? new MemoryTokenLedger(),
    profiles,
    deps,
    autoRenew: options.autoRenew,
    onChange: () => options.emit('ledger:changed', {}),
  });

  function exportStep(runId: string, stepId: string, mode: SecretMode): CurlExport {
    const run = runs.get(runId);
    const step = run.steps.find((candidate) => candidate.id === stepId);
    if (!step?.spec) throw new AppError('UNKNOWN_RUN', `The run has no HTTP request "${stepId}" to export.`);
    return toCurl(step.spec, { secrets: step.secrets, mode });
  }

  const handlers: Handlers = {
    'grant:run': async ({ runId = randomUUID(), profileId, values, options: runOptions }) => {
      const profile = findProfile(profiles, profileId);
      const controller = new AbortController();
      active.set(runId, controller);
      const run = await runFlow({
        ...deps,
        timeoutMs: runOptions?.timeoutMs,
        insecureTls: runOptions?.insecureTls,
        signal: controller.signal,
        profile,
        values,
        runId,
      }).finally(() => active.delete(runId));
      if (runOptions?.insecureTls) run.warnings.push('TLS certificate verification was off for this run.');
      runs.add(run);
      return toFlowReport(run, ledger.record(run));
    },
    'grant:cancel': ({ runId }) => {
      const controller = active.get(runId);
      controller?.abort();
      return { cancelled: controller !== undefined };
    },
    'grant:paste-redirect': ({ runId, url }) => {
      const deliver = pasteTargets.get(runId);
      if (!deliver)
        throw new AppError('UNKNOWN_RUN', 'No flow is waiting for a redirect.', {
          hint: 'Start the flow, then paste the URL the browser ended on.',
        });
      let parsed: URL;
      try {
        parsed = new URL(url.trim());
      } catch {
        throw new AppError('INVALID_INPUT', 'That is not a URL.', {
          hint: 'Paste the whole address from the browser’s address bar.',
        });
      }
      deliver(parsed);
      return { accepted: true };
    },
    'curl:export': ({ runId, stepId, mode }) => {
      const { command, variables } = exportStep(runId, stepId, mode);
      return { command, variables: variables.map(({ variable, origin }) => ({ variable, origin })) };
    },
    'curl:copy': async ({ runId, stepId, mode }) => {
      await options.clipboard.writeText(exportStep(runId, stepId, mode).command);
      return { copied: true };
    },
    'link:copy': async ({ url }) => {
      if (!isSafeExternalUrl(url))
        throw new AppError('INVALID_INPUT', 'Only https links, and http links to this computer, can be copied.');
      await options.clipboard.writeText(url);
      return { copied: true };
    },
    'token:copy': async ({ runId }) => {
      const run = runs.get(runId);
      if (!run.token) throw new AppError('NO_TOKEN', 'This run did not get a token.');
      await options.clipboard.writeText(run.token.accessToken);
      return { copied: true };
    },
    'ledger:list': () => ledger.views(),
    'ledger:renew': async ({ id }) => {
      const run = await ledger.renew(id);
      runs.add(run);
      return toFlowReport(run, id);
    },
    'ledger:revoke': async ({ id }) => {
      const run = await ledger.revoke(id);
      runs.add(run);
      return toFlowReport(run, id);
    },
    'ledger:delete': ({ id }) => {
      ledger.delete(id);
      return { deleted: true };
    },
    'ledger:copy': async ({ id }) => {
      await options.clipboard.writeText(ledger.accessToken(id));
      return { copied: true };
    },
  };

  return {
    handlers,
    ledger,
    runs,
    close: async () => {
      ledger.close();
      for (const controller of active.values()) controller.abort();
      await http.close();
    },
  };
}
