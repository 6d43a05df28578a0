import { toCurl, type SecretMode } from '../../shared/curl/export.ts';
import type { FieldValues, Profile } from '../../shared/domain/profile.ts';
import type { FlowDeps } from '../../main/core/flow/flow-context.ts';
import { planFlow } from '../../main/core/flow/plan-flow.ts';
import { createHttpClient } from '../../main/core/http/http-client.ts';
import { UsageError } from '../cli-error.ts';
import type { Command } from '../command.ts';
import { openInBrowser } from '../open-browser.ts';
import { exportedRequest } from '../exported-request.ts';

/** The cURL commands of a flow, in order, each under a comment naming its step. */
export async function curlCommand(options: {
  profile: Profile;
  values: FieldValues;
  mode: SecretMode;
  deps: FlowDeps;
}): Promise<string> {
  const steps = await planFlow({ profile: options.profile, values: options.values, deps: options.deps });
  const variables = new Map<string, string>();
  const blocks = steps.map((step, index) => {
    const heading = `# ${index + 1}. ${step.title}`;
    if (step.kind === 'browser') return `${heading}: open this URL in a browser\n# ${step.url}`;
    if (step.kind === 'local') return `${heading}: ${step.note}`;
    const exported = toCurl(step.spec, { secrets: step.secrets, mode: options.mode });
    for (const variable of exported.variables) {
      // A reference is fetched by the command itself: there is nothing to export for it.
      if (!variable.fromStep && variable.ref === undefined) variables.set(variable.variable, variable.origin);
    }
    return `${heading}\n${exported.command}`;
  });
  const preamble = [...variables].map(([variable, origin]) => `# export ${variable}=…   (${origin})`);
  return [...(preamble.length ? [preamble.join('\n')] : []), ...blocks].join('\n\n');
}

/** `tokensmith curl <profile> [--set field=value]… [--mask | --reveal]`. */
export const run: Command = async (context) => {
  const { flags, timeoutMs } = context;
  if (flags.mask && flags.reveal) throw new UsageError('Choose --mask or --reveal, not both.');
  const { profile, values } = await exportedRequest(context);
  const http = createHttpClient({ timeoutMs });
  try {
    console.log(
      await curlCommand({
        profile,
        values,
        mode: flags.reveal ? 'reveal' : flags.mask ? 'mask' : 'env',
        deps: { http, opener: openInBrowser },
      }),
    );
  } finally {
    await http.close();
  }
  return 0;
};
