import type { FieldValues, Profile } from '../shared/domain/profile.ts';
import type { CommandContext } from './command.ts';
import { savedRequestFromWorkspace } from './commands/vault.ts';
import { fieldValues } from './field-values.ts';
import { profileArg } from './profile-arg.ts';

/** What `curl` and `snippet` export: a saved request of the workspace (--saved NAME), or a profile and --set. */
export async function exportedRequest({
  positionals,
  flags,
  place,
}: Pick<CommandContext, 'positionals' | 'flags' | 'place'>): Promise<{ profile: Profile; values: FieldValues }> {
  if (!flags.saved) {
    const profile = profileArg(positionals);
    return { profile, values: fieldValues(profile, flags.set, process.env) };
  }
  const { profile, values } = await savedRequestFromWorkspace(place, flags.saved);
  return { profile, values: { ...values, ...fieldValues(profile, flags.set, process.env) } };
}
