import { z } from 'zod';
import { environmentSchema } from '../../../shared/domain/workspace.ts';

/** Postman Collection v2.1, as much of it as Tokensmith reads and writes. */
export interface PostmanKeyValue {
  key: string;
  value: string;
  type?: string;
  disabled?: boolean;
}

export interface PostmanAuth {
  type: string;
  [params: string]: string | PostmanKeyValue[];
}

export interface PostmanBody {
  mode: 'raw' | 'urlencoded' | 'formdata' | 'graphql' | 'file';
  raw?: string;
  urlencoded?: PostmanKeyValue[];
  formdata?: PostmanKeyValue[];
  options?: { raw?: { language?: string } };
}

export interface PostmanRequest {
  method: string;
  url: string;
  header: PostmanKeyValue[];
  body?: PostmanBody;
  auth?: PostmanAuth;
}

export interface PostmanItem {
  id?: string;
  name: string;
  request?: PostmanRequest;
  item?: PostmanItem[];
  auth?: PostmanAuth;
  description?: string;
}

export interface PostmanCollection {
  info: { name: string; schema: string; description?: string };
  item: PostmanItem[];
  auth?: PostmanAuth;
  variable?: PostmanKeyValue[];
}

export const POSTMAN_SCHEMA = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json';

/** The collection variable that carries what Postman has no place for: profiles and field values. */
export const TOKENSMITH_VARIABLE = 'tokensmith';

/**
 * Tokensmith's own metadata in an exported collection: the profile and non-secret field values of
 * each saved request (by the id of its folder) and the environments. Secrets are never in it.
 */
export const tokensmithMetadataSchema = z.object({
  version: z.literal(1),
  requests: z.array(
    z.object({
      folderId: z.string(),
      profileId: z.string(),
      values: z.record(z.string(), z.string()),
      environmentId: z.string().optional(),
      /** Items that show the flow's own requests (already described by the profile), not follow-ups. */
      stepItemIds: z.array(z.string()),
    }),
  ),
  environments: z.array(environmentSchema),
});
export type TokensmithMetadata = z.infer<typeof tokensmithMetadataSchema>;

/** Reads a Postman auth block's parameters (v2.1 keeps them as a list of key/value pairs). */
export function authParams(auth: PostmanAuth | undefined): Record<string, string> {
  const list = auth?.[auth.type];
  if (!Array.isArray(list)) return {};
  return Object.fromEntries(
    list.map((entry) => [entry.key, typeof entry.value === 'string' ? entry.value : String(entry.value)]),
  );
}

export function authBlock(type: string, params: Record<string, string>): PostmanAuth {
  return { type, [type]: Object.entries(params).map(([key, value]) => ({ key, value, type: 'string' })) };
}
