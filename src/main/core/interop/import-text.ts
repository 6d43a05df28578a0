import { z } from 'zod';
import { isCredentialName } from '../../../shared/security/credential-name.ts';
import { AppError } from '../../../shared/domain/errors.ts';
import { GENERIC_PROFILE_ID } from '../../../shared/providers/index.ts';
import { importCurl } from './curl-import.ts';
import type { ImportOptions, ImportPlan } from './import-plan.ts';
import { assertDocumentDepth, assertFolderDepth } from './nesting.ts';
import { importOpenApi, readStructured } from './openapi-import.ts';
import { importPostman } from './postman-import.ts';
import { isCurlText } from './shell-text.ts';
import { withoutUserinfo } from './url-userinfo.ts';

const WHAT_TO_PASTE = 'Paste a cURL command, a Postman Collection v2.1 or an OpenAPI 3 document.';

const postmanEnvironmentSchema = z.object({
  name: z.string().optional(),
  values: z.array(
    z.object({
      key: z.string(),
      value: z.unknown().optional(),
      enabled: z.boolean().optional(),
      type: z.string().optional(),
    }),
  ),
});

/** A Postman environment file: its variables, credentials left out (the store keeps environments in clear). */
function importPostmanEnvironment(data: z.infer<typeof postmanEnvironmentSchema>): ImportPlan {
  const warnings: string[] = [];
  const variables: Record<string, string> = {};
  for (const entry of data.values) {
    if (entry.enabled === false) continue;
    if (entry.type === 'secret' || isCredentialName(entry.key)) {
      warnings.push(`The variable "${entry.key}" is a credential and was not imported.`);
      continue;
    }
    variables[entry.key] = typeof entry.value === 'string' ? entry.value : JSON.stringify(entry.value ?? '');
  }
  const environment = {
    key: 'postman',
    profileId: GENERIC_PROFILE_ID,
    name: data.name ?? 'Postman',
    values: {},
    variables,
  };
  return { kind: 'postman-environment', requests: [], environments: [environment], warnings };
}

/**
 * Pasted or opened text, whatever it is: cURL commands, a Postman collection or environment, or an
 * OpenAPI 3 document (JSON or YAML). The kind is told by its content, not by a file name. No URL
 * in the plan keeps a `user:password@`, whichever importer read it.
 */
export function importText(text: string, options: ImportOptions = {}): ImportPlan {
  return withoutUserinfo(readPlan(text, options));
}

function readPlan(text: string, options: ImportOptions): ImportPlan {
  if (text.trim() === '')
    throw new AppError('INVALID_INPUT', 'There is nothing to import: the text is empty.', { hint: WHAT_TO_PASTE });
  if (isCurlText(text)) return importCurl(text, options);
  let data: unknown;
  try {
    data = readStructured(text);
  } catch (error) {
    // Whatever the parser's complaint, the person may not have meant JSON or YAML at all.
    if (error instanceof AppError) throw new AppError(error.code, error.message, { hint: WHAT_TO_PASTE });
    throw error;
  }
  if (typeof data !== 'object' || data === null)
    throw new AppError('INVALID_INPUT', 'Tokensmith cannot tell what this is.', { hint: WHAT_TO_PASTE });
  // Folders first: a collection's depth is said in folders, which is how its author sees it.
  if ('info' in data && 'item' in data) assertFolderDepth(data.item);
  assertDocumentDepth(data);
  if ('openapi' in data) return importOpenApi(data);
  if ('swagger' in data)
    throw new AppError('NOT_SUPPORTED', 'This is a Swagger 2.0 document; Tokensmith reads OpenAPI 3.', {
      hint: 'Convert it to OpenAPI 3 first (for example with swagger2openapi).',
    });
  if ('info' in data && 'item' in data) return importPostman(data, options.profiles);
  const environment = postmanEnvironmentSchema.safeParse(data);
  if (environment.success) return importPostmanEnvironment(environment.data);
  throw new AppError('INVALID_INPUT', 'Tokensmith cannot tell what this is.', { hint: WHAT_TO_PASTE });
}
