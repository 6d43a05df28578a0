import { AppError } from '../../../shared/domain/errors.ts';
import type { HttpRequestSpec, HttpResponseRecord } from '../../../shared/domain/http.ts';
import {
  clientCredentials,
  type FieldValues,
  type Profile,
  type RequestTemplate,
} from '../../../shared/domain/profile.ts';
import { secretVariableName, type SecretBinding } from '../../../shared/domain/secrets.ts';
import type { IdTokenReport, TokenSet } from '../../../shared/domain/token.ts';
import type { ClientAuth } from '../../../shared/flow/client-auth/client-auth.ts';
import { resolveClientAuth } from '../../../shared/flow/client-auth/resolve-client-auth.ts';
import { CLIENT_ASSERTION, compileRequest, type CompiledRequest } from '../../../shared/flow/compile.ts';
import { TemplateRenderer, type TemplateVar } from '../../../shared/flow/template.ts';
import type { HttpClient } from '../http/http-client.ts';
import { signClientAssertion, signJwtBearerAssertion } from '../oauth/client-assertion.ts';
import { clientCertificateOf } from '../oauth/client-certificate.ts';
import {
  asksForDpopNonce,
  dpopRejection,
  processDpopNonces,
  type DpopKey,
  type DpopNonces,
  withDpopProof,
} from '../oauth/dpop.ts';
import type { RefResolver } from '../refs/resolve-values.ts';
import { diagnoseResponse } from './diagnose.ts';

/** One exchange of a run: a request and what came back, or a browser page the user opened. */
export interface StepRun {
  id: string;
  title: string;
  spec?: HttpRequestSpec;
  /** The secrets in `spec`, for redaction and cURL variables. */
  secrets: SecretBinding[];
  response?: HttpResponseRecord;
  /** For browser steps: the authorization URL the user opened. */
  browserUrl?: string;
  error?: AppError;
}

export type ProgressState = 'sending' | 'waiting-browser' | 'waiting-device' | 'done' | 'failed';

export interface Progress {
  runId: string;
  stepId: string;
  state: ProgressState;
  /** The page the user must open (authorization or device verification). */
  url?: string;
  /** RFC 8628 user code to type on the verification page. */
  userCode?: string;
}

/** Opens a URL in the user's browser (Electron: shell.openExternal; tests: Playwright). */
export type Opener = (url: string) => Promise<void>;

/** What a flow needs from the outside world. */
export interface FlowDeps {
  http: HttpClient;
  opener: Opener;
  /** Open the browser for code and device flows; off, the URL is only reported. */
  openBrowser?: boolean;
  timeoutMs?: number | undefined;
  /** The most each request may take in all (the HTTP client's default: 2 minutes). */
  deadlineMs?: number | undefined;
  /** How long to wait for the browser to come back. */
  callbackTimeoutMs?: number | undefined;
  insecureTls?: boolean | undefined;
  signal?: AbortSignal | undefined;
  now?: () => Date;
  onProgress?: (progress: Progress) => void;
  /** Lets the user paste the redirect URL while a browser step waits. */
  onAwaitingRedirect?: (runId: string, deliver: (url: URL) => void) => () => void;
  /** Sees every request before it is sent, with the secrets in it; throwing stops it unsent. */
  beforeSend?: (request: CompiledRequest) => Promise<void>;
  /** The DPoP nonces servers sent, remembered across runs (one store per app or command). */
  dpopNonces?: DpopNonces;
  /** The access token of a ledger entry, for a token exchange whose subject is in the ledger. */
  ledgerToken?: (id: string) => string;
  /**
   * Reads the `ref+…` references among the secret fields at the start of a run, asking approval
   * where needed; without it only `ref+env://` is read.
   */
  resolveRefs?: RefResolver | undefined;
}

/** A flow run in clear, as main keeps it: the renderer gets a redacted report. */
export interface FlowRun {
  runId: string;
  profile: Profile;
  /** The values sent: a reference's value in place of the reference, in memory only. */
  values: FieldValues;
  /** The references secret fields were read from, by field: what is kept instead of their values. */
  refs?: Record<string, string>;
  startedAt: string;
  steps: StepRun[];
  /** What earlier steps produced (discovered endpoints, codes), for later steps, refresh and revoke. */
  vars: Map<string, TemplateVar>;
  token?: TokenSet;
  /** RFC 9449: the key pair this run's token is bound to, when the user asked for DPoP. */
  dpopKey?: DpopKey;
  /** The checks of the ID token the run got, kept when one failed (and the token with it). */
  idTokenReport?: IdTokenReport;
  /** A token the run got and turned down (its ID token failed a check): still masked in reports. */
  rejectedToken?: TokenSet;
  warnings: string[];
  error?: AppError;
}

/**
 * A run that has done nothing yet: no exchanges, no variables, no warnings. Every run starts so,
 * whether it gets a token, previews one, reads a discovery document or sends a follow-up.
 */
export function newRun(options: { runId: string; profile: Profile; values: FieldValues; startedAt?: Date }): FlowRun {
  return {
    runId: options.runId,
    profile: options.profile,
    values: options.values,
    startedAt: (options.startedAt ?? new Date()).toISOString(),
    steps: [],
    vars: new Map(),
    warnings: [],
  };
}

export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  return new AppError('INTERNAL', 'Tokensmith hit an unexpected problem while running the flow.', {
    hint: 'Try again; if it keeps happening, report it with the steps that lead to it.',
    cause: error,
  });
}

/** What HTTP cannot carry in a header: control characters (tab aside), and anything past Latin-1. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this looks for
const CONTROL_CHARACTER = /[\u0000-\u0008\u000a-\u001f\u007f]/;
const PAST_LATIN1 = /[\u0100-\uffff]/;

/**
 * Names the field a request that could not be sent got its bad value from: a control character
 * first (a pasted line break), then a character past Latin-1 (harmless in a body, not in a header).
 */
function withCulpritField(error: AppError, profile: Profile, values: FieldValues): AppError {
  if (error.code !== 'INVALID_FIELD' || error.field !== undefined) return error;
  const filled = profile.fields.filter((field) => values[field.name]);
  const culprit =
    filled.find((field) => CONTROL_CHARACTER.test(values[field.name] ?? '')) ??
    filled.find((field) => PAST_LATIN1.test(values[field.name] ?? ''));
  if (!culprit) return error;
  return new AppError(error.code, error.message, {
    hint: `Check ${culprit.label}: remove line breaks and characters HTTP headers cannot carry.`,
    field: culprit.name,
    cause: error,
  });
}

/** The label of a field, as the user sees it, for hints. */
function fieldLabelOf(profile: Profile, name: string | undefined): string | undefined {
  return name ? (profile.fields.find((field) => field.name === name)?.label ?? name) : undefined;
}

/** The field a URL template starts with, so transport errors can say which field to fix. */
export function urlFieldOf(template: RequestTemplate): string | undefined {
  return /^\{\{\s*(\w+)/.exec(template.url)?.[1];
}

/** A request sent with the run's client certificate says so, for the preview and the export. */
function withCertificateFiles(compiled: CompiledRequest, profileId: string, values: FieldValues): CompiledRequest {
  const certificate = clientCertificateOf(values);
  if (!certificate) return compiled;
  const clientCertificate = {
    certVariable: secretVariableName(profileId, 'clientCertificateFile'),
    ...('cert' in certificate ? { keyVariable: secretVariableName(profileId, 'clientCertificateKeyFile') } : {}),
  };
  return { ...compiled, spec: { ...compiled.spec, clientCertificate } };
}

/** Everything a step executor uses: the run, its vars, and the helpers that send and record. */
export class FlowContext {
  readonly run: FlowRun;
  readonly deps: FlowDeps;

  constructor(run: FlowRun, deps: FlowDeps) {
    this.run = run;
    this.deps = deps;
  }

  get profile(): Profile {
    return this.run.profile;
  }

  /** The client's identifier, secret and private key, from the fields its profile names. */
  get client(): ReturnType<typeof clientCredentials> {
    return clientCredentials(this.profile, this.run.values);
  }

  now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  progress(stepId: string, state: ProgressState, extra: { url?: string; userCode?: string } = {}): void {
    this.deps.onProgress?.({ runId: this.run.runId, stepId, state, ...extra });
  }

  render(template: string): string {
    return new TemplateRenderer(this.profile, this.run.values, this.run.vars).render(template);
  }

  /** A value later templates can use; a secret one becomes a cURL variable with its origin. */
  setVar(name: string, value: string, secret?: { name: string; origin: string }): void {
    this.run.vars.set(name, {
      value,
      ...(secret
        ? { secret: { variable: secretVariableName(this.profile.id, secret.name), origin: secret.origin } }
        : {}),
    });
  }

  /**
   * Compiles a request, resolving its client authentication once; for the JWT methods, first
   * signs a fresh client assertion for this very request (its audience is the request's URL, the
   * token endpoint).
   */
  async compile(template: RequestTemplate, options: { accessToken?: string } = {}): Promise<CompiledRequest> {
    const clientAuth = resolveClientAuth(template, (text) => this.render(text));
    const clientAssertion =
      clientAuth?.signs && template.clientAuth
        ? await this.#clientAssertion(clientAuth.signs, template.clientAuth.clientId, template.url)
        : undefined;
    if (template.assertion) {
      const { assertion } = template;
      const jwt = await signJwtBearerAssertion({
        issuer: this.render(assertion.issuer),
        subject: this.render(assertion.subject),
        audience:
          this.render(assertion.audience) ||
          compileRequest(this.profile, { method: 'GET', url: template.url }, this.run.values, this.run.vars).spec.url,
        key: this.render(assertion.key),
        field: /^\{\{\s*(\w+)/.exec(assertion.key)?.[1] ?? 'key',
      });
      this.setVar(assertion.output, jwt, {
        name: 'assertion',
        origin: 'a JWT bearer assertion Tokensmith signed for this request (valid 60 s)',
      });
    }
    const compiled = withCertificateFiles(
      compileRequest(this.profile, template, this.run.values, this.run.vars, {
        clientAuth,
        assertion: clientAssertion,
      }),
      this.profile.id,
      this.run.values,
    );
    // Token endpoint calls (the ones with client authentication) and calls made with the token.
    if (template.clientAuth || options.accessToken) return this.withDpopProof(compiled, options.accessToken);
    return compiled;
  }

  /** A client assertion signed for one request, kept among its secrets by the name `clientAssertion`. */
  async #clientAssertion(
    method: NonNullable<ClientAuth['signs']>,
    clientId: string,
    url: string,
  ): Promise<TemplateVar> {
    const audience = compileRequest(this.profile, { method: 'GET', url }, this.run.values, this.run.vars).spec.url;
    const value = await signClientAssertion({
      method,
      clientId: this.render(clientId),
      audience,
      privateKey: this.client.privateKey,
      clientSecret: this.client.secret,
    });
    return {
      value,
      secret: {
        variable: secretVariableName(this.profile.id, CLIENT_ASSERTION),
        origin: 'a client assertion Tokensmith signed for this request (valid 60 s)',
      },
    };
  }

  /** The DPoP nonces this run's servers asked for. */
  get dpopNonces(): DpopNonces {
    return this.deps.dpopNonces ?? processDpopNonces;
  }

  /**
   * Adds a fresh DPoP proof to a request when the run has a key, with the server's last nonce and,
   * for a request made with the token, `ath`. The proof is in the spec, so the preview shows it.
   * @see https://www.rfc-editor.org/rfc/rfc9449#section-4
   */
  async withDpopProof(compiled: CompiledRequest, accessToken?: string): Promise<CompiledRequest> {
    const key = this.run.dpopKey;
    if (!key) return compiled;
    return withDpopProof(compiled, {
      key,
      nonce: this.dpopNonces.get(compiled.spec.url),
      accessToken,
      profileId: this.profile.id,
      now: this.now(),
    });
  }

  /**
   * Compiles and sends a request; when the server answers `use_dpop_nonce`, sends it once more
   * with a new proof carrying the nonce it gave.
   * @see https://www.rfc-editor.org/rfc/rfc9449#section-8
   */
  async send(
    step: StepRun,
    template: RequestTemplate,
    options: Parameters<FlowContext['exchange']>[2] & { accessToken?: string },
  ): Promise<HttpResponseRecord> {
    const attempt = async (): Promise<HttpResponseRecord> =>
      this.exchange(step, await this.compile(template, options), options);
    const retryable = (): boolean =>
      this.run.dpopKey !== undefined && step.response !== undefined && asksForDpopNonce(step.response);
    // A key the server refuses is said as such, not as the generic error its status maps to.
    const rejection = (error: unknown): unknown =>
      (this.run.dpopKey && step.response && dpopRejection(step.response)) || error;
    let response: HttpResponseRecord;
    try {
      response = await attempt();
    } catch (error) {
      if (!retryable()) throw rejection(error);
      try {
        return await attempt();
      } catch (again) {
        throw rejection(again);
      }
    }
    return retryable() ? attempt() : response;
  }

  /** Starts recording an exchange of the run. */
  record(id: string, title: string): StepRun {
    const step: StepRun = { id, title, secrets: [] };
    this.run.steps.push(step);
    return step;
  }

  /**
   * Sends a compiled request as part of a step and checks the answer against the provider's
   * diagnoses; throws the diagnosis, keeping the response on the step for the viewer.
   */
  async exchange(
    step: StepRun,
    compiled: CompiledRequest,
    options: {
      urlField?: string | undefined;
      endpoint: string;
      expect?: 'json' | 'page' | 'redirect';
      diagnose?: boolean;
      ruleStep?: string;
    },
  ): Promise<HttpResponseRecord> {
    step.spec = compiled.spec;
    step.secrets = compiled.secrets;
    step.response = undefined;
    await this.deps.beforeSend?.(compiled);
    let response: HttpResponseRecord;
    try {
      response = await this.deps.http.send(compiled.spec, {
        signal: this.deps.signal,
        urlField: options.urlField,
        urlLabel: fieldLabelOf(this.profile, options.urlField),
        timeoutMs: this.deps.timeoutMs,
        deadlineMs: this.deps.deadlineMs,
        insecureTls: this.deps.insecureTls,
        clientCertificate: clientCertificateOf(this.run.values),
      });
    } catch (error) {
      throw error instanceof AppError ? withCulpritField(error, this.profile, this.run.values) : error;
    }
    step.response = response;
    if (this.run.dpopKey) this.dpopNonces.remember(compiled.spec.url, response);
    if (options.diagnose !== false) {
      const problem = diagnoseResponse(response, {
        profile: this.profile,
        stepId: options.ruleStep ?? step.id,
        endpoint: options.endpoint,
        urlField: options.urlField,
        expect: options.expect ?? 'json',
        values: this.run.values,
        acceptedClientAuth: this.run.vars.get('steps.discover.token_endpoint_auth_methods_supported')?.value.split(' '),
      });
      if (problem) throw problem;
    }
    return response;
  }
}
