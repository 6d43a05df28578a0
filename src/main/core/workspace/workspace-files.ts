import { z } from 'zod';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { pairSchema } from '../../../shared/domain/http.ts';
import { isSecretRef } from '../../../shared/refs/secret-ref.ts';
import {
  followUpRequestSchema,
  MAX_FOLLOW_UPS,
  secretRefsSchema,
  type Environment,
  type SavedRequest,
} from '../../../shared/domain/workspace.ts';

/**
 * The files of a workspace folder, as a team keeps it in git: what each holds, in a fixed key order
 * and layout, so the same request saved on two machines gives the same bytes, and a change to one
 * request changes one file. No secret, no timestamp, no absolute path, no machine name.
 * docs/workspace-format.md describes the layout; its JSON Schemas are made from these schemas.
 */

export const WORKSPACE_FORMAT = 1;

const id = z.string().min(1).max(200);
const name = z.string().min(1).max(200);
const values = z.record(z.string().max(100), z.string().max(64 * 1024));

/** workspace.yaml, at the root: the workspace's name and the format its files are in. */
export const workspaceFileSchema = z.object({ format: z.number().int().positive(), name });
export type WorkspaceFile = z.infer<typeof workspaceFileSchema>;

/** requests/<folder…>/<name>.yaml: one saved request. */
export const requestFileSchema = z.object({
  id,
  name,
  profile: id,
  environment: id.optional(),
  /** Non-secret field values. */
  values,
  /** Secret fields: their values are in the vault of each machine, never here. */
  secrets: z.array(z.string().max(100)).optional(),
  /**
   * Secret fields that read a `ref+…` reference (a password manager entry, a file, a variable), by
   * field name. Not a secret: a teammate gets it with the folder, and approves it before its first use.
   */
  refs: secretRefsSchema.optional(),
  followUps: z
    .array(
      followUpRequestSchema.extend({
        headers: z.array(pairSchema).max(100).optional(),
        body: z
          .string()
          .max(1024 * 1024)
          .optional(),
      }),
    )
    .max(MAX_FOLLOW_UPS)
    .optional(),
});
export type RequestFile = z.infer<typeof requestFileSchema>;

/** requests/<folder…>/_order.yaml: the order of the folder's requests in the sidebar, by file name. */
export const orderFileSchema = z.object({ order: z.array(z.string().max(300)) });

/** environments/<name>.yaml: an environment's non-secret values and variables. */
export const environmentFileSchema = z.object({
  id,
  name,
  profile: id,
  values: values.optional(),
  /** Field values that are `ref+…` references (a secret field's, read once approved), by field name. */
  refs: secretRefsSchema.optional(),
  variables: z.record(z.string().max(100), z.string().max(8 * 1024)).optional(),
});

/** Keys sorted, so the bytes depend on the content only, never on the order things were set in. */
function sorted(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function yamlText(document: object): string {
  // lineWidth 0: no folding, so a long URL stays on one line and diffs stay line by line.
  return stringifyYaml(document, { lineWidth: 0, minContentWidth: 0 });
}

export function requestFileText(request: SavedRequest): string {
  const file: RequestFile = {
    id: request.id,
    name: request.name,
    profile: request.profileId,
    ...(request.environmentId ? { environment: request.environmentId } : {}),
    values: sorted(request.values),
    ...(request.secretFields.length > 0 ? { secrets: [...request.secretFields].sort() } : {}),
    ...(request.refs && Object.keys(request.refs).length > 0 ? { refs: sorted(request.refs) } : {}),
    ...(request.followUps.length > 0
      ? {
          followUps: request.followUps.map((followUp) => ({
            id: followUp.id,
            name: followUp.name,
            method: followUp.method,
            url: followUp.url,
            ...(followUp.headers.length > 0 ? { headers: followUp.headers } : {}),
            ...(followUp.body !== '' ? { body: followUp.body } : {}),
          })),
        }
      : {}),
  };
  return yamlText(file);
}

export function environmentFileText(environment: Environment): string {
  const entries = Object.entries(environment.values);
  const refs = Object.fromEntries(entries.filter(([, value]) => isSecretRef(value)));
  return yamlText({
    id: environment.id,
    name: environment.name,
    profile: environment.profileId,
    values: sorted(Object.fromEntries(entries.filter(([, value]) => !isSecretRef(value)))),
    // Apart, as in a request's file: what a teammate's machine reads only once approved shows as such in a diff.
    ...(Object.keys(refs).length > 0 ? { refs: sorted(refs) } : {}),
    variables: sorted(environment.variables),
  });
}

export function orderFileText(order: readonly string[]): string {
  return yamlText({ order: [...order] });
}

export function workspaceFileText(file: WorkspaceFile): string {
  return yamlText(file);
}

/** A file's YAML, checked against its schema; the error says what is wrong, in words. */
export function readYamlFile<T>(
  text: string,
  schema: z.ZodType<T>,
): { ok: true; value: T } | { ok: false; error: string } {
  let parsed: unknown;
  try {
    parsed = parseYaml(text, { maxAliasCount: 100 });
  } catch (error) {
    return {
      ok: false,
      error: `not YAML: ${(error instanceof Error ? error.message.split('\n')[0]! : String(error)).replace(/:$/, '')}`,
    };
  }
  const result = schema.safeParse(parsed);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  return { ok: false, error: `${issue?.path.join('.') || 'the file'}: ${issue?.message ?? 'invalid'}` };
}

/** A saved request from its file; where it sits (folder) and its place (order) come from the folder. */
export function requestFromFile(
  file: RequestFile,
  place: { folder: string; order: number; stamp: string },
): SavedRequest {
  return {
    id: file.id,
    name: file.name,
    folder: place.folder,
    order: place.order,
    profileId: file.profile,
    ...(file.environment ? { environmentId: file.environment } : {}),
    values: file.values,
    // A field that reads a reference takes no value from the vault, even if the file names it in both.
    secretFields: (file.secrets ?? []).filter((field) => file.refs?.[field] === undefined),
    ...(file.refs && Object.keys(file.refs).length > 0 ? { refs: file.refs } : {}),
    followUps: (file.followUps ?? []).map((followUp) => ({
      ...followUp,
      headers: followUp.headers ?? [],
      body: followUp.body ?? '',
    })),
    // The files keep no time (it would change on every save); the app's lists need one.
    createdAt: place.stamp,
    updatedAt: place.stamp,
  };
}

export function environmentFromFile(file: z.infer<typeof environmentFileSchema>): Environment {
  return {
    id: file.id,
    name: file.name,
    profileId: file.profile,
    values: { ...file.values, ...file.refs },
    variables: file.variables ?? {},
  };
}

/** A file name for a request or environment: its name in lower-case words, unique in its folder. */
export function fileNameFor(title: string, taken: ReadonlySet<string>): string {
  const base =
    title
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'request';
  for (let index = 1; ; index++) {
    const candidate = `${index === 1 ? base : `${base}-${index}`}.yaml`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** The JSON Schema of each kind of file, by the name docs/schemas/ gives it. */
export function workspaceJsonSchemas(): Record<string, unknown> {
  const schemas = {
    workspace: workspaceFileSchema,
    request: requestFileSchema,
    order: orderFileSchema,
    environment: environmentFileSchema,
  };
  return Object.fromEntries(
    Object.entries(schemas).map(([name, schema]) => [name, z.toJSONSchema(schema, { target: 'draft-2020-12' })]),
  );
}
