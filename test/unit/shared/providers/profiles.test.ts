import { describe, expect, it } from 'vitest';
import { RECOGNIZER_PLACEHOLDERS } from '../../../../src/main/core/interop/recognize.ts';
import type { FlowStep, Profile, Recognizer } from '../../../../src/shared/domain/profile.ts';
import { STEP_OUTPUTS } from '../../../../src/shared/flow/step-outputs.ts';
import { PROFILES } from '../../../../src/shared/providers/index.ts';
import { throwaway } from '../../../fixtures/providers/throwaway.ts';

/**
 * Every profile checked against itself: what its templates, conditions and diagnoses name must
 * exist in it. A misspelling here would otherwise surface only when a user runs that very step.
 */

/** Outputs the engine prepares for a step before it runs (token-exchange.ts). */
const PREPARED: Record<string, readonly string[]> = { 'token-exchange': ['subject_token', 'actor_token_type'] };
/** The token the ledger gives the calls made with it. */
const CURRENT = ['current.accessToken', 'current.refreshToken', 'current.token', 'current.tokenTypeHint'];

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(strings);
  return [];
}

function placeholders(value: unknown): string[] {
  return strings(value).flatMap((text) =>
    [...text.matchAll(/\{\{\s*([^}]+?)\s*\}\}/g)].flatMap((match) => (match[1] ?? '').split('|')),
  );
}

function recognizers(profile: Profile): Recognizer[] {
  const { tokenRequest, apiCall } = profile.recognize ?? {};
  return [tokenRequest, apiCall].filter((recognizer) => recognizer !== undefined);
}

/** Every `field: '<name>'` anywhere in the value (conditions, encodings, select-driven options, diagnoses). */
function fieldReferences(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(fieldReferences);
  if (typeof value !== 'object' || value === null) return [];
  const own = 'field' in value && typeof value.field === 'string' ? [value.field] : [];
  return [...own, ...Object.values(value).flatMap(fieldReferences)];
}

/** The names a template at this place may use that are not defined; empty when all are. */
function undefinedNames(profile: Profile, value: unknown, before: readonly FlowStep[], calls: boolean): string[] {
  const fields = new Set(profile.fields.map((field) => field.name));
  const assertions = new Set(
    profile.steps.flatMap((step) =>
      (step.kind === 'http' || step.kind === 'device') && step.request.assertion ? [step.request.assertion.output] : [],
    ),
  );
  return placeholders(value).filter((name) => {
    if (fields.has(name) || assertions.has(name)) return false;
    if (CURRENT.includes(name)) return !calls;
    const [prefix, id = '', output = ''] = name.split('.');
    if (prefix !== 'steps') return true;
    if (PREPARED[id]?.includes(output)) return false;
    const step = before.find((candidate) => candidate.id === id);
    if (!step) return true;
    const outputs: readonly string[] | undefined = STEP_OUTPUTS[step.kind];
    return outputs !== undefined && !outputs.includes(output);
  });
}

describe.each([...PROFILES, throwaway].map((profile) => [profile.id, profile] as const))(
  'profile %s checked against itself',
  (_id, profile) => {
    const fields = new Set(profile.fields.map((field) => field.name));

    it('every {{placeholder}} of a step is a field, or an output of an earlier step', () => {
      const problems = profile.steps.flatMap((step, index) =>
        undefinedNames(profile, step, profile.steps.slice(0, index + 1), false).map((name) => `${step.id}: ${name}`),
      );
      expect(problems).toEqual([]);
    });

    it('every {{placeholder}} of the check, refresh, revoke and introspect calls is defined', () => {
      const calls = {
        check: profile.check,
        refresh: profile.refresh,
        revoke: profile.revoke,
        introspect: profile.introspect,
      };
      const problems = Object.entries(calls).flatMap(([call, template]) =>
        undefinedNames(profile, template, profile.steps, true).map((name) => `${call}: ${name}`),
      );
      expect(problems).toEqual([]);
    });

    it('step ids are unique, and every diagnosis names a real field and step', () => {
      const ids = profile.steps.map((step) => step.id);
      expect(new Set(ids).size).toBe(ids.length);
      const problems = profile.diagnoses.flatMap((rule) => [
        ...(rule.field !== undefined && !fields.has(rule.field) ? [`field ${rule.field}`] : []),
        ...(rule.when.step !== undefined && rule.when.step !== 'check' && !ids.includes(rule.when.step)
          ? [`step ${rule.when.step}`]
          : []),
      ]);
      expect(problems).toEqual([]);
    });

    it('every condition, encoding, client field, environment and recognizer names a real field', () => {
      const named = [
        ...fieldReferences([profile.fields, profile.steps, profile.warnings, profile.diagnoses, profile.check]),
        ...fieldReferences([profile.refresh, profile.revoke, profile.introspect]),
        ...(profile.environmentField ? [profile.environmentField] : []),
        ...(profile.client ? [profile.client.id, profile.client.secret, profile.client.privateKey] : []).filter(
          (name) => name !== undefined,
        ),
        ...(profile.environments ?? []).flatMap((environment) => Object.keys(environment.values)),
        ...recognizers(profile).flatMap((recognizer) => Object.keys(recognizer.values)),
      ];
      expect(named.filter((name) => !fields.has(name))).toEqual([]);
    });

    it("a recognizer's values use only what an import can read from a request", () => {
      const used = recognizers(profile).flatMap((recognizer) => placeholders(recognizer.values));
      expect(used.filter((name) => !name.startsWith('param.') && !RECOGNIZER_PLACEHOLDERS.includes(name))).toEqual([]);
    });
  },
);

describe('the self-check', () => {
  const broken: Profile = {
    ...throwaway,
    steps: [
      ...throwaway.steps,
      {
        kind: 'http',
        id: 'after',
        title: 'Misspelled',
        expect: 'page',
        request: { method: 'GET', url: '{{baseUrll}}/x?code={{steps.tokn.access_token}}' },
      },
    ],
  };
  it('finds a misspelled field and a misspelled step', () => {
    expect(undefinedNames(broken, broken.steps.at(-1), broken.steps, false)).toEqual([
      'baseUrll',
      'steps.tokn.access_token',
    ]);
  });
  it('finds a step used before it runs and an output its kind does not produce', () => {
    const authorize: FlowStep = {
      kind: 'authorize',
      id: 'authorize',
      title: 'Authorize',
      url: 'https://example.com/authorize',
      params: [],
      redirectUri: 'http://127.0.0.1/callback',
    };
    expect(undefinedNames(broken, '{{steps.authorize.code}}', [], false)).toEqual(['steps.authorize.code']);
    expect(undefinedNames(broken, '{{steps.authorize.cod}}', [authorize], false)).toEqual(['steps.authorize.cod']);
  });
});
