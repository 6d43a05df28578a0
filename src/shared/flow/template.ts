import { AppError } from '../domain/errors.ts';
import type { FieldValues, Profile } from '../domain/profile.ts';
import { secretVariableName, type SecretBinding } from '../domain/secrets.ts';
import { isSecretRef } from '../refs/secret-ref.ts';

/** A value a step produced (or the engine derived), available to later templates by name. */
export interface TemplateVar {
  value: string;
  /** Present when the value is a secret: how exports name it and where it comes from. */
  secret?: { variable: string; origin: string };
  /** Not known yet: `value` is a marker (commands printed before a flow runs). */
  unresolved?: boolean;
}

export type TemplateVars = ReadonlyMap<string, TemplateVar>;

/**
 * The var that keeps the reference a secret field's value was read from (`ref:clientSecret`): a
 * placeholder cannot name it, so no template can send it.
 */
export function refVarName(field: string): string {
  return `ref:${field}`;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z][\w.|-]*)\s*\}\}/g;

/**
 * `steps.<id>.<output>` of a step the profile has, or the var a request's assertion is signed into
 * (`steps.assertion.jwt`): known, though it may have no value in this run.
 */
export function producedByStep(profile: Profile, name: string): boolean {
  if (!name.startsWith('steps.')) return false;
  const id = name.split('.')[1];
  return profile.steps.some(
    (step) =>
      step.id === id || ((step.kind === 'http' || step.kind === 'device') && step.request.assertion?.output === name),
  );
}

/**
 * Fills `{{name}}` placeholders from the profile's fields and the flow's vars, and keeps track of
 * every secret it wrote, so the request can be redacted and exported with variables.
 */
export class TemplateRenderer {
  readonly #profile: Profile;
  readonly #values: FieldValues;
  readonly #vars: TemplateVars;
  readonly #secrets = new Map<string, SecretBinding>();

  constructor(profile: Profile, values: FieldValues, vars: TemplateVars = new Map()) {
    this.#profile = profile;
    this.#values = values;
    this.#vars = vars;
  }

  /** The secrets rendered so far, in the order they first appeared. */
  get secrets(): SecretBinding[] {
    return [...this.#secrets.values()];
  }

  render(template: string): string {
    return template.replace(PLACEHOLDER, (_match, expression: string) => this.#resolve(expression));
  }

  /** `a|b|c`: the first name with a non-empty value. */
  #resolve(expression: string): string {
    const names = expression.split('|');
    for (const name of names) {
      const value = this.#lookup(name);
      if (value !== '') return value;
    }
    return '';
  }

  #lookup(name: string): string {
    const field = this.#profile.fields.find((candidate) => candidate.name === name);
    if (field) {
      const raw = this.#values[name] ?? field.default ?? '';
      const value = field.base ? raw.replace(/\/+$/, '') : raw;
      if (field.type === 'secret' && value !== '') {
        const ref = isSecretRef(value) ? value : this.#vars.get(refVarName(name))?.value;
        this.#remember(name, {
          variable: secretVariableName(this.#profile.id, name),
          value,
          origin: ref ? `field ${field.label}, read from ${ref}` : `field ${field.label}`,
          ...(ref ? { ref } : {}),
        });
      }
      return value;
    }
    const variable = this.#vars.get(name);
    if (variable === undefined) {
      // A step that did not run (its condition was false) or an output the server left out is empty.
      if (producedByStep(this.#profile, name)) return '';
      throw new AppError('INTERNAL', `Profile ${this.#profile.id} uses an unknown placeholder {{${name}}}.`, {
        hint: name.startsWith('steps.')
          ? `No step of the profile is called "${name.split('.')[1] ?? ''}".`
          : 'It is neither a field of the profile nor a value an earlier step produced.',
      });
    }
    return this.use(name, variable);
  }

  /** A value the engine made for this request (a client assertion), kept track of as a var's. */
  use(name: string, variable: TemplateVar): string {
    if (variable.secret) {
      this.#remember(name, {
        ...variable.secret,
        value: variable.value,
        fromStep: true,
        ...(variable.unresolved ? { unresolved: true } : {}),
      });
    }
    return variable.value;
  }

  #remember(key: string, binding: SecretBinding): void {
    if (!this.#secrets.has(key)) this.#secrets.set(key, binding);
  }
}
