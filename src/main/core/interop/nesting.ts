import { AppError } from '../../../shared/domain/errors.ts';

/**
 * The deepest folder nesting of a Postman collection Tokensmith reads. The Postman SDK and the
 * collection's schema walk folders recursively and run out of stack near 700 levels; no real
 * collection comes close to this, and past it the user is told the depth instead of a stack error.
 */
export const MAX_FOLDER_DEPTH = 200;

/** The deepest nesting of any other document (objects and arrays): JSON.stringify and zod recurse too. */
export const MAX_DOCUMENT_DEPTH = 1000;

/** How deep objects and arrays nest in a parsed document (a scalar is 0), counted without recursion. */
export function nestingDepth(value: unknown): number {
  let deepest = 0;
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  for (let next = stack.pop(); next; next = stack.pop()) {
    if (typeof next.value !== 'object' || next.value === null) continue;
    const depth = next.depth + 1;
    deepest = Math.max(deepest, depth);
    for (const child of Object.values(next.value)) stack.push({ value: child, depth });
  }
  return deepest;
}

/** How many folders deep a collection's `item` lists go (requests at the top are 0), without recursion. */
export function folderDepth(items: unknown): number {
  let deepest = 0;
  const stack: { items: unknown; depth: number }[] = [{ items, depth: 0 }];
  for (let next = stack.pop(); next; next = stack.pop()) {
    if (!Array.isArray(next.items)) continue;
    for (const item of next.items as unknown[]) {
      if (typeof item !== 'object' || item === null || !('item' in item)) continue;
      deepest = Math.max(deepest, next.depth + 1);
      stack.push({ items: item.item, depth: next.depth + 1 });
    }
  }
  return deepest;
}

/** Refuses a collection nested deeper than Tokensmith reads, saying how deep it is. */
export function assertFolderDepth(items: unknown): void {
  refuseDeeper(folderDepth(items), {
    max: MAX_FOLDER_DEPTH,
    nested: (depth) => `The collection is nested ${depth} folders deep`,
    hint: 'Move the requests into fewer levels of folders, then export it again.',
  });
}

/** Refuses a document nested deeper than Tokensmith reads, saying how deep it is. */
export function assertDocumentDepth(data: unknown): void {
  refuseDeeper(nestingDepth(data), {
    max: MAX_DOCUMENT_DEPTH,
    nested: (depth) => `The document is nested ${depth} levels deep`,
    hint: 'Flatten what is nested this deep, then import it again.',
  });
}

/** The one refusal both limits share: INVALID_INPUT, how deep it is, the limit, and what to do. */
function refuseDeeper(depth: number, limit: { max: number; nested: (depth: number) => string; hint: string }): void {
  if (depth > limit.max)
    throw new AppError('INVALID_INPUT', `${limit.nested(depth)}; Tokensmith reads up to ${limit.max}.`, {
      hint: limit.hint,
    });
}
