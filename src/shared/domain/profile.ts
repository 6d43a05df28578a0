import type { ErrorCode } from './errors.ts';
import type { HttpMethod, Pair } from './http.ts';

export type FieldType = 'text' | 'url' | 'secret' | 'select';

export interface FieldDef {
  /** Public interface: CLI `--set name=…`, environment variables and saved requests use it. */
  readonly name: string;
  readonly label: string;
  readonly type: FieldType;
  readonly required?: boolean;
  readonly default?: string;
  readonly options?: readonly string[];
  readonly placeholder?: string;
  readonly help?: string;
}

/**
 * A request before its `{{field}}` placeholders are filled in. Each string value may hold
 * placeholders; pairs keep their order.
 */
export interface RequestTemplate {
  readonly method: HttpMethod;
  readonly url: string;
  /** Appended to the URL's own query, in order. */
  readonly query?: readonly Pair[];
  readonly headers?: readonly Pair[];
  /** HTTP Basic credentials, sent as an `Authorization` header. @see https://www.rfc-editor.org/rfc/rfc7617 */
  readonly basicAuth?: { readonly username: string; readonly password: string };
  readonly body?: {
    /** `form` or `json`, or the name of a select field whose value is one of those. */
    readonly encoding: 'form' | 'json' | { readonly field: string };
    readonly fields: readonly Pair[];
  };
}

/** A step that asks a token endpoint for a token. */
export interface TokenStep {
  readonly kind: 'token';
  readonly id: string;
  readonly title: string;
  readonly request: RequestTemplate;
}

export type FlowStep = TokenStep;

/**
 * A provider's known failure: when a response matches, the user gets this sentence and the field
 * to fix instead of a bare status code.
 */
export interface DiagnosisRule {
  readonly when: {
    readonly status?: readonly number[];
    /** Case-insensitive substring of the body. */
    readonly bodyIncludes?: string;
    /** The OAuth `error` code of a JSON error body. @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2 */
    readonly oauthError?: string;
  };
  readonly code: ErrorCode;
  readonly message: string;
  readonly hint: string;
  readonly field?: string;
}

export interface Profile {
  readonly id: string;
  readonly name: string;
  /** One line for the provider picker. */
  readonly summary: string;
  readonly docs: {
    /** The getting-started page this profile follows, in shared/providers. */
    readonly page: string;
    readonly url?: string;
  };
  readonly fields: readonly FieldDef[];
  readonly steps: readonly FlowStep[];
  readonly diagnoses: readonly DiagnosisRule[];
}

export type FieldValues = Readonly<Record<string, string>>;

export function secretFieldNames(profile: Profile): string[] {
  return profile.fields.filter((field) => field.type === 'secret').map((field) => field.name);
}

/** The values a form starts with: each field's default, or empty. */
export function defaultValues(profile: Profile): Record<string, string> {
  return Object.fromEntries(profile.fields.map((field) => [field.name, field.default ?? '']));
}
