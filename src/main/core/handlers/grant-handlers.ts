import { randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/domain/errors.ts';
import type { FieldValues, Profile } from '../../../shared/domain/profile.ts';
import type { FlowRun } from '../flow/flow-context.ts';
import { newRun, toAppError } from '../flow/flow-context.ts';
import { toFlowReport } from '../flow/report.ts';
import { runFlow } from '../flow/run-flow.ts';
import type { Handlers } from '../ipc/dispatch.ts';
import { isSafeExternalUrl } from '../safe-url.ts';
import { appRefResolver } from '../refs/app-ref-resolver.ts';
import { typedRefs } from '../refs/resolve-values.ts';
import { requireProfile } from '../../../shared/providers/index.ts';
import type { CoreServices } from '../services.ts';
import { guardStoredSecrets, originOf, type StoredSecretUse } from '../vault/secret-origins.ts';
import { secretRef, type SecretScope } from '../workspace/secret-refs.ts';

type GrantHandlers = Pick<Handlers, 'grant:run' | 'grant:cancel' | 'grant:paste-redirect' | 'token:copy' | 'link:copy'>;

/** Running flows, and what the renderer may do with a run: copy its token (its steps export as snippets). */
export function grantHandlers(services: CoreServices): GrantHandlers {
  const { runs, active, pasteTargets, workspace } = services;

  /**
   * The vault's secrets a run sends: those it takes from the vault (not typed for this run, the
   * value is the stored one) and those typed now and kept. A typed one is the user's (or already
   * known to the renderer): it goes where sent, and that origin is recorded for later runs.
   */
  async function storedSecretsUsed(options: {
    scope: SecretScope;
    profile: Profile;
    typed: FieldValues;
    kept: readonly string[];
    values: Record<string, string>;
  }): Promise<StoredSecretUse[]> {
    const { scope, profile, typed, kept, values } = options;
    const saved = scope.kind === 'request' ? workspace.request(scope.id) : undefined;
    // Only what the saved request holds, never what this call typed: those are the addresses it was saved for.
    const savedValues = {
      ...saved?.values,
      ...workspace.environments().find((environment) => environment.id === saved?.environmentId)?.values,
    };
    const savedFor = profile.fields
      .filter((field) => field.type === 'url')
      .flatMap((field) => originOf(savedValues[field.name] ?? '') ?? []);
    const used: StoredSecretUse[] = [];
    for (const field of profile.fields) {
      const ref = secretRef(options.scope, field.name);
      const value = values[field.name] ?? '';
      if (field.type !== 'secret' || value === '') continue;
      const use = { ref, field: field.name, label: field.label, value, savedFor };
      if ((typed[field.name] ?? '') !== '') {
        if (kept.includes(field.name) && value === typed[field.name]) used.push({ ...use, typed: true });
        continue;
      }
      if (services.vault.has(ref) && value === (await services.vault.get(ref, field.label).catch(() => undefined)))
        used.push({ ...use, typed: false });
    }
    return used;
  }

  return {
    'grant:run': async ({ runId = randomUUID(), profileId, savedRequestId, environmentId, values: typed, options }) => {
      const profile = requireProfile(profileId, services.profiles);
      const scope: SecretScope = savedRequestId
        ? { kind: 'request', id: savedRequestId }
        : { kind: 'draft', profileId };
      const { kept, notKept } = await workspace.storeSecrets(scope, profile, typed);
      const controller = new AbortController();
      active.set(runId, controller);
      let run: FlowRun;
      try {
        const values = await workspace.valuesFor(
          scope,
          profile,
          typed,
          environmentId ?? (savedRequestId ? workspace.request(savedRequestId).environmentId : undefined),
        );
        const secrets = await storedSecretsUsed({ scope, profile, typed, kept, values });
        run = await runFlow({
          ...services.deps,
          beforeSend: guardStoredSecrets({ vault: services.vault, confirm: services.confirm, secrets }),
          resolveRefs: appRefResolver({
            vault: services.vault,
            confirm: services.confirm,
            typed: typedRefs(profile, typed),
          }),
          timeoutMs: options?.timeoutMs,
          deadlineMs: options?.deadlineMs,
          insecureTls: options?.insecureTls,
          signal: controller.signal,
          profile,
          values,
          runId,
        });
      } catch (error) {
        // The vault could not give a secret: the run ends before anything is sent.
        run = { ...newRun({ runId, profile, values: {} }), error: toAppError(error) };
      } finally {
        active.delete(runId);
      }
      if (options?.insecureTls) run.warnings.push('TLS certificate verification was off for this run.');
      if (notKept.length > 0) {
        const labels = profile.fields.filter((field) => notKept.includes(field.name)).map((field) => field.label);
        run.warnings.push(
          `The vault is ${services.vault.state().protection === null ? 'not set up' : 'locked'}: ${labels.join(', ')} was used for this run but not kept.`,
        );
      }
      runs.add(run);
      const report = toFlowReport(run, services.ledger.record(run));
      services.history?.record(report, savedRequestId);
      return report;
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
    'link:copy': async ({ url }) => {
      if (!isSafeExternalUrl(url))
        throw new AppError('INVALID_INPUT', 'Only https links, and http links to this computer, can be copied.');
      await services.clipboard.writeText(url);
      return { copied: true };
    },
    'token:copy': async ({ runId }) => {
      const run = runs.get(runId);
      if (!run.token) throw new AppError('NO_TOKEN', 'This run did not get a token.');
      return { copied: true, ...(await services.clipboard.writeSecret(run.token.accessToken)) };
    },
  };
}
