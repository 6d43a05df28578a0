import type { FieldValues, Profile } from '../shared/domain/profile.ts';
import { secretVariableName } from '../shared/domain/secrets.ts';
import { UsageError } from './cli-error.ts';

/**
 * The values a command runs with: each field's default, then `TOKENSMITH_<PROFILE>_<FIELD>` from
 * the environment when it is not empty (how secrets should arrive: they stay out of the shell
 * history), then `--set`.
 */
export function fieldValues(profile: Profile, sets: readonly string[], env: NodeJS.ProcessEnv): FieldValues {
  const values: Record<string, string> = {};
  for (const field of profile.fields) {
    const fromEnv = env[secretVariableName(profile.id, field.name)];
    // CI systems pass a secret that is not set as an empty variable (GitHub Actions does): it must
    // not override a value from --from's file or a default.
    if (fromEnv !== undefined && fromEnv !== '') values[field.name] = fromEnv;
  }
  for (const set of sets) {
    const separator = set.indexOf('=');
    if (separator <= 0) throw new UsageError(`--set takes field=value, not "${set}".`);
    const name = set.slice(0, separator);
    if (!profile.fields.some((field) => field.name === name)) {
      throw new UsageError(
        `${profile.id} has no field "${name}"; its fields are ${profile.fields.map((field) => field.name).join(', ')}.`,
      );
    }
    values[name] = set.slice(separator + 1);
  }
  return values;
}

/** The hint for a missing field, in terms of the command line. */
export function howToSet(profile: Profile, field: string): string {
  const def = profile.fields.find((candidate) => candidate.name === field);
  const variable = secretVariableName(profile.id, field);
  return def?.type === 'secret'
    ? `export ${variable}=… (or --set ${field}=…)`
    : `--set ${field}=… (or export ${variable}=…)`;
}
