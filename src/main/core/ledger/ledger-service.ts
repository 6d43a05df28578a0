import { randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/domain/errors.ts';
import type { LedgerStatus, LedgerView } from '../../../shared/domain/ledger.ts';
import { activeSteps, clientCredentials, type Profile } from '../../../shared/domain/profile.ts';
import { maskToken } from '../../../shared/domain/secrets.ts';
import { requireProfile } from '../../../shared/providers/index.ts';
import { FlowContext, toAppError, urlFieldOf, type FlowDeps, type FlowRun } from '../flow/flow-context.ts';
import { decodeIfJwt } from '../flow/report.ts';
import { resolveRunRefs, runFlow, setCurrentToken, withBinding } from '../flow/run-flow.ts';
import { processTokenResponse } from '../oauth/token-response.ts';
import { sendFollowUp, type TokenBinding } from '../followup/send-followup.ts';
import type { HttpClient } from '../http/http-client.ts';
import { introspectToken } from '../flow/token-calls.ts';
import type { Introspection } from '../../../shared/domain/token.ts';
import { clientCertificateOf } from '../oauth/client-certificate.ts';
import { gotWithRequest, ledgerStatus, renewLeadMs } from './ledger-status.ts';
import type { LedgerEntry, TokenLedger } from './token-ledger.ts';

/** Where a flow keeps the UserInfo endpoint its issuer's discovery document names. */
const USERINFO_ENDPOINT = 'steps.discover.userinfo_endpoint';

/** After a failed automatic renewal, wait this long before trying that token again. */
const RETRY_AFTER_FAILURE_MS = 60_000;

export interface LedgerServiceOptions {
  ledger: TokenLedger;
  profiles: readonly Profile[];
  /** The HTTP client, browser opener and settings renewals and revocations run with. */
  deps: FlowDeps;
  /** Called after every change, for the renderer's `ledger:changed` event. */
  onChange?: () => void;
  /** Renew tokens shortly before they expire, without being asked. */
  autoRenew?: boolean;
}

/**
 * The token ledger's behaviour: what is kept after a run, renewal (refresh token, or the same
 * non-interactive flow again), revocation, and the rule that an expired token is never used.
 */
export class LedgerService {
  readonly #options: LedgerServiceOptions;
  #timer: NodeJS.Timeout | undefined;
  readonly #failedAt = new Map<string, number>();

  constructor(options: LedgerServiceOptions) {
    this.#options = options;
  }

  #now(): Date {
    return this.#options.deps.now?.() ?? new Date();
  }

  #profile(entry: LedgerEntry): Profile {
    return requireProfile(entry.profileId, this.#options.profiles);
  }

  #entry(id: string): LedgerEntry {
    const entry = this.#options.ledger.get(id);
    if (!entry)
      throw new AppError('UNKNOWN_TOKEN', 'That token is no longer in the ledger.', { hint: 'Run the flow again.' });
    return entry;
  }

  #changed(): void {
    this.#schedule();
    this.#options.onChange?.();
  }

  /** Keeps the token of a successful run; returns the ledger id. */
  record(run: FlowRun): string | undefined {
    if (!run.token || run.error) return undefined;
    const { profile, values } = run;
    const environment = profile.environmentField
      ? (values[profile.environmentField] ??
        profile.fields.find((field) => field.name === profile.environmentField)?.default ??
        '')
      : (run.steps
          .map((step) => step.spec?.url)
          .find((url) => url !== undefined)
          ?.replace(/^(https?:\/\/[^/]+).*$/, '$1') ?? 'local');
    const entry = this.#options.ledger.put({
      profileId: profile.id,
      environment,
      clientId: clientCredentials(profile, values).id,
      scope: run.token.scope ?? values.scope ?? '',
      token: run.token,
      obtainedAt: this.#now().toISOString(),
      // A field read from a reference is kept as the reference, and read again when renewed.
      values: { ...values, ...run.refs },
      vars: [...run.vars].filter(([name]) => !name.startsWith('current.')),
      ...(run.dpopKey ? { dpopKey: run.dpopKey } : {}),
    });
    this.#failedAt.delete(entry.id);
    this.#changed();
    return entry.id;
  }

  status(entry: LedgerEntry): LedgerStatus {
    return ledgerStatus(entry, this.#now());
  }

  #canRefresh(entry: LedgerEntry): boolean {
    return Boolean(entry.token.refreshToken && this.#profile(entry).refresh);
  }

  /**
   * Whether the entry may be renewed at all, by the user or on its own. A token got with a secret
   * that was replaced since is not: a refresh or a new run would send the old secret again (often
   * rotated because it leaked) and keep alive the grant it made, under an entry that says neither.
   */
  #renewable(entry: LedgerEntry): boolean {
    if (entry.revoked || entry.replacedSecret) return false;
    return this.#canRefresh(entry) || this.#canRegrant(entry);
  }

  /** A flow that needs no browser and no pasted token can simply run again. */
  #canRegrant(entry: LedgerEntry): boolean {
    const steps = activeSteps(this.#profile(entry), entry.values);
    return steps.every((step) => step.kind === 'http' || step.kind === 'discover' || step.kind === 'sign-jwt');
  }

  views(): LedgerView[] {
    return this.#options.ledger.list().map((entry) => {
      const profile = this.#profile(entry);
      const view: LedgerView = {
        id: entry.id,
        profileId: entry.profileId,
        profileName: profile.name,
        environment: entry.environment,
        clientId: entry.clientId,
        scope: entry.scope,
        tokenType: entry.token.tokenType,
        accessTokenMasked: maskToken(entry.token.accessToken),
        obtainedAt: entry.obtainedAt,
        status: this.status(entry),
        hasRefreshToken: Boolean(entry.token.refreshToken),
        canRenew: this.#renewable(entry),
        canRevoke: !entry.revoked && profile.revoke !== undefined,
      };
      const { dpopJkt, certificateThumbprint } = entry.token;
      if (dpopJkt || certificateThumbprint)
        view.binding = {
          ...(dpopJkt ? { jkt: dpopJkt } : {}),
          ...(certificateThumbprint ? { x5tS256: certificateThumbprint } : {}),
        };
      if (entry.vars.some(([name]) => name === USERINFO_ENDPOINT)) view.canUserinfo = true;
      const needs = this.#revokeNeeds(entry);
      if (needs) view.revokeNeeds = needs;
      if (entry.token.expiresAt) view.expiresAt = entry.token.expiresAt;
      if (entry.replacedSecret) view.replacedSecret = true;
      const jwt = decodeIfJwt(entry.token.accessToken, this.#now());
      if (jwt) view.jwt = jwt;
      return view;
    });
  }

  /** Whether a token was got with a saved request's settings (gotWithRequest). */
  belongsTo(id: string, request: { profileId: string; values: Record<string, string> }): boolean {
    const entry = this.#options.ledger.get(id);
    return entry !== undefined && gotWithRequest(entry, request);
  }

  /** The access token for use in a request; an expired or revoked one is refused, never sent. */
  accessToken(id: string): string {
    const entry = this.#entry(id);
    const status = this.status(entry);
    if (status === 'expired') {
      throw new AppError(
        'TOKEN_EXPIRED',
        `The ${this.#profile(entry).name} token expired at ${entry.token.expiresAt ?? '?'}.`,
        {
          hint: 'Renew it in the token ledger, or run the flow again.',
        },
      );
    }
    if (status === 'revoked')
      throw new AppError('TOKEN_REJECTED', 'This token was revoked.', { hint: 'Run the flow again.' });
    return entry.token.accessToken;
  }

  /** What the entry's token is bound to, so a follow-up made with it proves the same key. */
  binding(id: string): TokenBinding {
    const entry = this.#entry(id);
    return {
      dpopKey: entry.dpopKey,
      dpopNonces: this.#options.deps.dpopNonces,
      clientCertificate: clientCertificateOf(entry.values),
    };
  }

  /** A run with the entry's settings, its references not read yet: enough to render its templates. */
  #newRun(entry: LedgerEntry, extra: Record<string, string> = {}): { run: FlowRun; context: FlowContext } {
    const run: FlowRun = {
      runId: randomUUID(),
      profile: this.#profile(entry),
      values: { ...entry.values, ...extra },
      startedAt: this.#now().toISOString(),
      steps: [],
      vars: new Map(entry.vars),
      // The entry's own key: a refresh must prove the key its refresh token is bound to.
      ...(entry.dpopKey ? { dpopKey: entry.dpopKey } : {}),
      warnings: [],
    };
    const context = new FlowContext(run, this.#options.deps);
    setCurrentToken(context, entry.token);
    return { run, context };
  }

  /** A run that holds the renewal or revocation exchanges, so they can be shown and exported. */
  async #startRun(
    entry: LedgerEntry,
    extra: Record<string, string> = {},
  ): Promise<{ run: FlowRun; context: FlowContext }> {
    const started = this.#newRun(entry, extra);
    await resolveRunRefs(started.run, this.#options.deps.resolveRefs);
    return started;
  }

  /**
   * Renews a token: with its refresh token when it has one (keeping that refresh token when the
   * server does not rotate it), else by running its non-interactive flow again.
   * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
   */
  async renew(id: string): Promise<FlowRun> {
    const entry = this.#entry(id);
    const profile = this.#profile(entry);
    if (entry.replacedSecret) {
      throw new AppError(
        'SECRET_REPLACED',
        `This ${profile.name} token was got with a secret that was replaced since: renewing it would send the old secret again.`,
        { hint: 'Run the request again for a token got with the new secret; this one stays until it expires.' },
      );
    }
    let run: FlowRun;
    if (this.#canRefresh(entry) && profile.refresh) {
      const started = await this.#startRun(entry);
      run = started.run;
      try {
        const step = started.context.record('refresh', 'Refresh the token');
        const response = await started.context.send(step, profile.refresh, {
          urlField: urlFieldOf(profile.refresh),
          endpoint: 'The token endpoint',
        });
        const token = await withBinding(processTokenResponse(response, this.#now()), run);
        token.refreshToken ??= entry.token.refreshToken;
        run.token = token;
      } catch (error) {
        run.error = toAppError(error);
        const last = run.steps.at(-1);
        if (last) last.error = run.error;
      }
    } else if (this.#canRegrant(entry)) {
      run = await runFlow({ ...this.#options.deps, profile, values: entry.values });
    } else {
      throw new AppError('NOT_SUPPORTED', 'This token came from a browser flow and has no refresh token.', {
        hint: 'Run the flow again to get a new one.',
      });
    }
    if (run.token && !run.error) {
      this.#options.ledger.update(id, {
        token: run.token,
        obtainedAt: this.#now().toISOString(),
        // Run again, the flow made a key of its own, which the new token is bound to.
        ...(run.dpopKey ? { dpopKey: run.dpopKey } : {}),
      });
      this.#failedAt.delete(id);
    } else {
      this.#failedAt.set(id, this.#now().getTime());
    }
    this.#changed();
    return run;
  }

  /**
   * Calls the UserInfo endpoint the entry's flow discovered, with the token as a follow-up would
   * send it (a DPoP proof or the client certificate when the token is bound to one).
   * @see https://openid.net/specs/openid-connect-core-1_0.html#UserInfo
   */
  userinfo(id: string, http: HttpClient): Promise<FlowRun> {
    const entry = this.#entry(id);
    const endpoint = entry.vars.find(([name]) => name === USERINFO_ENDPOINT)?.[1].value;
    if (!endpoint) {
      throw new AppError('NOT_SUPPORTED', 'The server’s discovery document names no UserInfo endpoint.', {
        hint: 'UserInfo needs an OpenID Connect issuer: fill in Issuer and run the flow again.',
      });
    }
    return sendFollowUp({
      request: {
        id: 'userinfo',
        name: 'UserInfo',
        method: 'GET',
        url: endpoint,
        headers: [
          ['Accept', 'application/json'],
          ['Authorization', 'Bearer {{token}}'],
        ],
        body: '',
      },
      profile: this.#profile(entry),
      token: this.accessToken(id),
      variables: {},
      http,
      timeoutMs: this.#options.deps.timeoutMs,
      deadlineMs: this.#options.deps.deadlineMs,
      binding: this.binding(id),
    });
  }

  /**
   * Asks the server whether the entry's access token is still active (RFC 7662), as the entry's
   * client, with the endpoints its flow discovered.
   * @see https://www.rfc-editor.org/rfc/rfc7662#section-2
   */
  async introspect(id: string): Promise<{ run: FlowRun; introspection?: Introspection }> {
    const entry = this.#entry(id);
    const { context } = await this.#startRun(entry);
    return introspectToken(context, { token: entry.token.accessToken, hint: 'access_token' });
  }

  /**
   * Revokes the refresh token (which ends the grant, RFC 7009 §2.1) and the access token, or makes
   * the provider's own revocation call; the entry stays, marked revoked, until deleted.
   * @see https://www.rfc-editor.org/rfc/rfc7009#section-2
   */
  async revoke(id: string, values: Record<string, string> = {}): Promise<FlowRun> {
    const entry = this.#entry(id);
    const { revoke } = this.#profile(entry);
    if (!revoke) throw new AppError('NOT_SUPPORTED', `${this.#profile(entry).name} has no revocation endpoint.`);
    // Only what Revoke asked for: the token's other settings stay those it was got with.
    const needed = (this.#revokeNeeds(entry) ?? []).map((need) => need.field);
    const given = Object.entries(values).filter(([name, value]) => needed.includes(name) && value.trim() !== '');
    const { run, context } = await this.#startRun(entry, Object.fromEntries(given));
    const tokens: [string, string][] = [
      ...(entry.token.refreshToken ? ([['refresh_token', entry.token.refreshToken]] as [string, string][]) : []),
      ['access_token', entry.token.accessToken],
    ];
    try {
      for (const [hint, token] of tokens) {
        context.setVar('current.token', token, {
          name: hint === 'refresh_token' ? 'refreshToken' : 'accessToken',
          origin: `the ${hint.replace('_', ' ')}`,
        });
        context.setVar('current.tokenTypeHint', hint);
        const step = context.record(`revoke-${hint.replace('_token', '')}`, `Revoke the ${hint.replace('_', ' ')}`);
        await context.send(step, revoke, {
          urlField: urlFieldOf(revoke),
          endpoint: 'The revocation endpoint',
        });
      }
      this.#options.ledger.update(id, { revoked: true });
      this.#changed();
    } catch (error) {
      run.error = toAppError(error);
      const last = run.steps.at(-1);
      if (last) last.error = run.error;
    }
    return run;
  }

  /**
   * The fields Revoke needs and the entry's settings leave empty (a revocation URL that was neither
   * typed nor discovered), so the ledger can ask for them where Revoke is.
   */
  #revokeNeeds(entry: LedgerEntry): LedgerView['revokeNeeds'] {
    const profile = this.#profile(entry);
    const name = profile.revoke ? urlFieldOf(profile.revoke) : undefined;
    const field = profile.fields.find((candidate) => candidate.name === name);
    if (!profile.revoke || !field || entry.revoked) return undefined;
    if (this.#newRun(entry).context.render(profile.revoke.url) !== '') return undefined;
    return [{ field: field.name, label: field.label }];
  }

  delete(id: string): void {
    this.#entry(id);
    this.#options.ledger.delete(id);
    this.#failedAt.delete(id);
    this.#changed();
  }

  /** Renews every token that is due and can be renewed without the user. */
  async renewDue(): Promise<void> {
    const now = this.#now().getTime();
    for (const entry of this.#options.ledger.list()) {
      if (!this.#isDue(entry, now)) continue;
      await this.renew(entry.id).catch(() => this.#failedAt.set(entry.id, now));
    }
    // A timer may fire a moment before the wall clock says a token is due: arm it again, so that
    // token is not left to expire.
    this.#schedule();
  }

  #isDue(entry: LedgerEntry, now: number): boolean {
    if (!entry.token.expiresAt || !this.#renewable(entry)) return false;
    const failed = this.#failedAt.get(entry.id);
    if (failed !== undefined && now - failed < RETRY_AFTER_FAILURE_MS) return false;
    return Date.parse(entry.token.expiresAt) - renewLeadMs(entry) <= now;
  }

  #schedule(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#options.autoRenew === false) return;
    const dueTimes = this.#options.ledger
      .list()
      .filter((entry) => entry.token.expiresAt && this.#renewable(entry))
      .map((entry) =>
        Math.max(
          Date.parse(entry.token.expiresAt!) - renewLeadMs(entry),
          (this.#failedAt.get(entry.id) ?? 0) + RETRY_AFTER_FAILURE_MS,
        ),
      );
    if (dueTimes.length === 0) return;
    const delay = Math.max(0, Math.min(...dueTimes) - this.#now().getTime());
    this.#timer = setTimeout(() => void this.renewDue(), Math.min(delay, 2 ** 31 - 1));
    // The CLI must be able to exit while a renewal is scheduled.
    this.#timer.unref();
  }

  close(): void {
    clearTimeout(this.#timer);
  }
}
