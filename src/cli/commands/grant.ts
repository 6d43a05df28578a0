import { createInterface } from 'node:readline';
import { AppError, formatErrorLine } from '../../shared/domain/errors.ts';
import type { Profile } from '../../shared/domain/profile.ts';
import type { FlowDeps, Progress } from '../../main/core/flow/flow-context.ts';
import { redactError, runSecrets } from '../../main/core/flow/report.ts';
import { runFlow, type FlowRun } from '../../main/core/flow/run-flow.ts';
import { createHttpClient, type HttpClient } from '../../main/core/http/http-client.ts';
import { typedRefs, type RefResolver } from '../../main/core/refs/resolve-values.ts';
import { EXIT_FAILED, UsageError } from '../cli-error.ts';
import type { Command } from '../command.ts';
import { fieldValues, howToSet } from '../field-values.ts';
import { openInBrowser } from '../open-browser.ts';
import { profileArg } from '../profile-arg.ts';
import { cliRefResolver, type RefApprovals } from '../secret-refs.ts';
import { terminalJson, terminalText } from '../terminal-text.ts';
import { millisecondsFlag, printableToken, toGrantJson } from '../token-output.ts';
import { savedRequestFromExport, savedRequestFromWorkspace } from './vault.ts';
import { missingSecretError } from './vault-secrets.ts';

export interface GrantCommandOptions {
  profile: Profile;
  values: Readonly<Record<string, string>>;
  http: HttpClient;
  openBrowser: boolean;
  opener: (url: string) => Promise<void>;
  timeoutMs?: number | undefined;
  /** The most each request may take in all (`--deadline`); the HTTP client's 2 minutes otherwise. */
  deadlineMs?: number | undefined;
  insecureTls: boolean;
  /** Where progress and instructions go (stderr): stdout carries only the result. */
  log: (line: string) => void;
  /** Interactive input for pasting a redirect URL, when there is a terminal. */
  input?: NodeJS.ReadableStream | undefined;
  /** Reads the `ref+…` references among the values, asking approval where needed. */
  resolveRefs?: RefResolver | undefined;
  /** Called with each request before it is sent: records when the vault's secrets were used. */
  beforeSend?: FlowDeps['beforeSend'];
}

function describeProgress(progress: Progress, profile: Profile): string | undefined {
  const title =
    progress.stepId === 'check'
      ? (profile.check?.title ?? 'Check')
      : (profile.steps.find((step) => step.id === progress.stepId)?.title ?? progress.stepId);
  switch (progress.state) {
    case 'waiting-browser':
      return `Open this URL in your browser: ${progress.url ?? ''}`;
    case 'waiting-device':
      return `Open ${progress.url ?? ''} and enter the code ${progress.userCode ?? ''}`;
    case 'failed':
      return `✗ ${title}`;
    case 'done':
      return `✓ ${title}`;
    case 'sending':
      return undefined;
  }
}

/**
 * Runs a flow from the terminal. For code flows the URL goes to stderr and, with a terminal, a
 * pasted redirect URL is accepted as the fallback for a browser that cannot reach the listener.
 */
export async function grantCommand(options: GrantCommandOptions): Promise<FlowRun> {
  const { profile } = options;
  let prompt: ReturnType<typeof createInterface> | undefined;
  const run = await runFlow({
    profile,
    values: options.values,
    http: options.http,
    opener: options.opener,
    openBrowser: options.openBrowser,
    timeoutMs: options.timeoutMs,
    deadlineMs: options.deadlineMs,
    insecureTls: options.insecureTls,
    resolveRefs: options.resolveRefs,
    beforeSend: options.beforeSend,
    onProgress: (progress) => {
      const line = describeProgress(progress, profile);
      if (line) options.log(line);
    },
    onAwaitingRedirect: (_runId, deliver) => {
      if (!options.input) return () => undefined;
      options.log('Waiting for the browser… or paste the URL it was redirected to and press Enter:');
      prompt = createInterface({ input: options.input });
      prompt.on('line', (line) => {
        const text = line.trim();
        if (!text) return;
        try {
          deliver(new URL(text));
        } catch {
          options.log('That is not a URL; paste the whole address from the browser.');
        }
      });
      return () => prompt?.close();
    },
  });
  prompt?.close();
  return run;
}

/** `tokensmith grant (<profile> | --saved NAME | --from FILE --saved NAME) [--set field=value]… [--json]`. */
export const run: Command = async ({ positionals, flags, place, timeoutMs }) => {
  let profile;
  let baseValues: Record<string, string> = {};
  let beforeSend: FlowDeps['beforeSend'];
  let approvals: RefApprovals | undefined;
  if (flags.from) {
    if (!flags.saved) throw new UsageError('--from FILE needs --saved NAME: the saved request to run.');
    ({ profile, values: baseValues } = await savedRequestFromExport(flags.from, flags.saved));
  } else if (flags.saved) {
    ({
      profile,
      values: baseValues,
      beforeSend,
      approvals,
    } = await savedRequestFromWorkspace(place, flags.saved, {
      recordUse: true,
    }));
  } else {
    profile = profileArg(positionals);
  }
  const http = createHttpClient({ timeoutMs });
  // Progress, warnings and errors quote what the server sent.
  const log = (line: string): void => void process.stderr.write(`${terminalText(line)}\n`);
  const given = fieldValues(profile, flags.set, process.env);
  try {
    const run = await grantCommand({
      profile,
      values: { ...baseValues, ...given },
      resolveRefs: cliRefResolver({
        typed: typedRefs(profile, given),
        allowRefs: flags['allow-refs'],
        env: process.env,
        approvals,
      }),
      beforeSend,
      http,
      opener: openInBrowser,
      openBrowser: !flags['no-browser'],
      timeoutMs,
      deadlineMs: millisecondsFlag('--deadline', flags.deadline),
      insecureTls: flags.insecure,
      log,
      input: process.stdin.isTTY ? process.stdin : undefined,
    });
    if (run.error || !run.token) {
      // Masked as the app masks it: a server may quote the secrets it was sent in its error.
      const redacted = redactError(
        run.error ?? new AppError('NO_TOKEN', 'The flow ended without a token.'),
        runSecrets(run),
      );
      // A saved request's secret belongs in the vault: that is where to set it.
      const error =
        flags.saved && !flags.from ? missingSecretError(redacted, { name: flags.saved, profile }) : redacted;
      const hint =
        error.code === 'MISSING_FIELD' && error.field && error === redacted
          ? `Set it: ${howToSet(profile, error.field)}`
          : error.hint;
      log(`tokensmith: ${formatErrorLine({ ...error, ...(hint ? { hint } : {}) })}`);
      return EXIT_FAILED;
    }
    const token = printableToken(run.token, log);
    if (flags.json) console.log(terminalJson(toGrantJson(token, run)));
    else {
      for (const warning of [...run.warnings, ...token.warnings]) log(`warning: ${warning}`);
      console.log(token.accessToken);
    }
    return 0;
  } finally {
    await http.close();
  }
};
