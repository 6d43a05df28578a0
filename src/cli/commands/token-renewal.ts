import { isatty } from 'node:tty';
import { AppError } from '../../shared/domain/errors.ts';
import { activeSteps, type FieldValues, type Profile } from '../../shared/domain/profile.ts';
import type { FlowRun } from '../../main/core/flow/flow-context.ts';
import { redactError, runSecrets } from '../../main/core/flow/report.ts';
import { createHttpClient } from '../../main/core/http/http-client.ts';
import { LedgerService } from '../../main/core/ledger/ledger-service.ts';
import { typedRefs } from '../../main/core/refs/resolve-values.ts';
import type { LedgerEntry } from '../../main/core/ledger/token-ledger.ts';
import { PROFILES } from '../../shared/providers/index.ts';
import { howToSet } from '../field-values.ts';
import { openInBrowser } from '../open-browser.ts';
import { cliRefResolver } from '../secret-refs.ts';
import { grantCommand } from './grant.ts';
import type { ChosenRequest } from './request-choice.ts';
import type { TokenCommandOptions, TokenResult } from './token.ts';

/** A flow with a browser or device step needs a person; the others can run again unattended. */
function needsPerson(profile: Profile, values: FieldValues): boolean {
  return activeSteps(profile, values).some((step) => step.kind === 'authorize' || step.kind === 'device');
}

function failure(run: FlowRun, profile: Profile): AppError {
  const data = redactError(run.error ?? new AppError('NO_TOKEN', 'The flow ended without a token.'), runSecrets(run));
  const hint = data.code === 'MISSING_FIELD' && data.field ? `Set it: ${howToSet(profile, data.field)}` : data.hint;
  return new AppError(data.code, data.message, {
    ...(hint ? { hint } : {}),
    ...(data.field ? { field: data.field } : {}),
  });
}

/**
 * The part of `tokensmith token` that goes to the network, when the ledger has no token with the
 * margin left: the ledger's token renewed (refresh token, or the flow run again where it needs
 * nobody), else a new grant. Whatever it gets goes into the ledger the app shows.
 */
export async function renewOrGrant({
  options,
  chosen,
  entry,
}: {
  options: TokenCommandOptions;
  chosen: ChosenRequest;
  /** The ledger's newest token for the request, if any: too close to its end, or past it. */
  entry: LedgerEntry | undefined;
}): Promise<TokenResult> {
  const { opened, profile, values, typed, beforeSend } = chosen;
  // A person at a terminal can take a browser flow; isatty is a boolean where isTTY may be undefined.
  const interactive = options.interactive || (isatty(0) && isatty(2));
  const http = createHttpClient({ timeoutMs: options.timeoutMs });
  // The vault is open for writing: an approval given here (--allow-refs, a yes) is kept, as the app keeps its own.
  const resolveRefs = cliRefResolver({
    typed: typedRefs(profile, typed),
    allowRefs: options.allowRefs,
    env: process.env,
    approvals: opened.vault,
  });
  const deps = {
    resolveRefs,
    http,
    opener: openInBrowser,
    openBrowser: false,
    timeoutMs: options.timeoutMs,
    deadlineMs: options.deadlineMs,
    insecureTls: options.insecureTls,
  };
  const ledger = new LedgerService({ ledger: opened.ledger, profiles: PROFILES, deps, autoRenew: false });
  // The token is handed out either way; the user learns that the app will not see it.
  const kept = async (): Promise<void> => {
    await opened.ledger.flushed();
    if (opened.ledger.lastWriteError)
      options.log(`warning: the token could not be kept in the ledger: ${opened.ledger.lastWriteError.message}`);
  };
  try {
    // One got with a secret replaced since is not renewed (the ledger refuses): a new grant is made below.
    if (
      entry &&
      !entry.replacedSecret &&
      ((entry.token.refreshToken && profile.refresh) || !needsPerson(profile, values))
    ) {
      const run = await ledger.renew(entry.id);
      await kept();
      if (run.token && !run.error) return { token: run.token, source: 'refreshed', run, profile, values };
      // A refresh token that no longer works: a grant that needs nobody can still be run below.
      options.log(`warning: renewing the ledger's token failed: ${failure(run, profile).message}`);
    }
    if (needsPerson(profile, values) && !interactive) {
      throw new AppError(
        'NOT_SUPPORTED',
        `${profile.name} needs a person in a browser for a new token, and the ledger has none to renew.`,
        { hint: 'Run it with --interactive (or in a terminal), or get the token in the app.' },
      );
    }
    const run = await grantCommand({
      profile,
      values,
      beforeSend,
      http,
      opener: openInBrowser,
      openBrowser: interactive,
      timeoutMs: options.timeoutMs,
      deadlineMs: options.deadlineMs,
      insecureTls: options.insecureTls,
      log: options.log,
      input: interactive && process.stdin.isTTY ? process.stdin : undefined,
      resolveRefs,
    });
    if (run.error || !run.token) throw failure(run, profile);
    ledger.record(run);
    await kept();
    return { token: run.token, source: 'granted', run, profile, values };
  } finally {
    ledger.close();
    await http.close();
  }
}
