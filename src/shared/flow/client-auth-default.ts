import { z } from 'zod';
import {
  CLIENT_AUTH_PROTOCOL_NAMES,
  CLIENT_AUTH_WORDS,
  type ClientAuthMethod,
  type FieldDef,
} from '../domain/profile.ts';

/** What the form uses of a discovery document before the first run. */
export const discoveredMetadataSchema = z.object({
  issuer: z.string(),
  /** `token_endpoint_auth_methods_supported`, in the server's order (empty when it lists none). */
  tokenEndpointAuthMethods: z.array(z.string()),
  userinfoEndpoint: z.string().optional(),
});
export type DiscoveredMetadata = z.infer<typeof discoveredMetadataSchema>;

/**
 * The client authentication to preselect when the server's discovery document does not list the
 * field's default: the first option the form offers that the server accepts, with a sentence for
 * the field's help that says why. Undefined when the default is accepted, or nothing offered is.
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-2
 */
export function clientAuthFromDiscovery(
  field: Pick<FieldDef, 'options' | 'default'>,
  accepted: readonly string[],
): { method: string; note: string } | undefined {
  if (accepted.length === 0) return undefined;
  const protocolName = (option: string): string | undefined => CLIENT_AUTH_PROTOCOL_NAMES[option as ClientAuthMethod];
  const fallback = field.default ? protocolName(field.default) : undefined;
  if (fallback !== undefined && accepted.includes(fallback)) return undefined;
  const method = (field.options ?? []).find((option) => {
    const name = protocolName(option);
    return name !== undefined && accepted.includes(name);
  });
  if (method === undefined) return undefined;
  const words = accepted.map((name) => CLIENT_AUTH_WORDS[name] ?? name).join(', ');
  return {
    method,
    note: `Chosen from the server’s discovery document, which accepts: ${words}.`,
  };
}
