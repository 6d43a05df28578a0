import type { FieldValues, Profile } from '../../../shared/domain/profile.ts';
import { isSecretRef, parseSecretRef, refNeedsConsent, type SecretRef } from '../../../shared/refs/secret-ref.ts';
import type { RefContext } from './ref-context.ts';
import { refError } from './ref-errors.ts';
import { resolveSecretRef } from './resolve-ref.ts';

/** A run's values with every reference read, and the references they were read from, by field. */
export interface ResolvedValues {
  values: FieldValues;
  refs: Record<string, string>;
}

/** Reads the references among a profile's secret fields, once per run. */
export type RefResolver = (profile: Profile, values: FieldValues) => Promise<ResolvedValues>;

export interface RefResolverOptions {
  context: RefContext;
  /**
   * Whether a reference that runs a program or reads a file may be used: typed by the user now,
   * approved on this machine before, or approved when asked. False stops the run unsent.
   */
  approve: (ref: SecretRef) => Promise<boolean>;
  /** What to tell a user whose reference was not approved. */
  approvalHint: string;
}

/** True when any secret field of the values holds a reference. */
export function hasSecretRefs(profile: Profile, values: FieldValues): boolean {
  return profile.fields.some((field) => field.type === 'secret' && isSecretRef(values[field.name] ?? ''));
}

/** The references among a profile's secret values: those the user typed, approved by typing them. */
export function typedRefs(profile: Profile, values: FieldValues): Set<string> {
  return new Set(
    profile.fields
      .filter((field) => field.type === 'secret')
      .map((field) => values[field.name] ?? '')
      .filter(isSecretRef),
  );
}

/** Reads one reference, once approved; `label` names what reads it in the refusal. */
export type RefReader = (text: string, label: string) => Promise<string>;

export function createRefReader(options: RefResolverOptions): RefReader {
  return async (text, label) => {
    const ref = parseSecretRef(text);
    if (refNeedsConsent(ref) && !(await options.approve(ref))) {
      throw refError('REF_NOT_APPROVED', ref, {
        what: `${label} reads this reference, which was not approved on this machine`,
        hint: options.approvalHint,
      });
    }
    return resolveSecretRef(ref, options.context);
  };
}

export function createRefResolver(options: RefResolverOptions): RefResolver {
  const read = createRefReader(options);
  return async (profile, values) => {
    const resolved: Record<string, string> = { ...values };
    const refs: Record<string, string> = {};
    for (const field of profile.fields) {
      const text = values[field.name] ?? '';
      if (field.type !== 'secret' || !isSecretRef(text)) continue;
      resolved[field.name] = await read(text, field.label);
      refs[field.name] = text;
    }
    return { values: resolved, refs };
  };
}

/**
 * Where nothing was wired to ask: environment variables are read, anything that runs a program or
 * reads a file is refused (a caller that can ask for approval passes its own resolver).
 */
export const envOnlyRefResolver: RefResolver = createRefResolver({
  context: { env: process.env },
  approve: () => Promise.resolve(false),
  approvalHint: 'Run it where Tokensmith can ask you to approve it.',
});
