/**
 * Three-way merge of JSON documents, for a write that finds the file changed by another process
 * since this one last read or wrote it: what this process changed since `base` is applied to what
 * is on disk now (`theirs`), and everything else is theirs. Objects merge key by key and lists of
 * records merge by `id`, so two processes that save different saved requests, secrets or tokens
 * both keep theirs. Where both changed the same value, this write's value wins: it is the later.
 */

type Json = unknown;

function isRecord(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isRecordList(value: Json): value is { id: string }[] {
  return Array.isArray(value) && value.every((item) => isRecord(item) && typeof item.id === 'string');
}

function same(a: Json, b: Json): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

function mergeRecords(
  base: Record<string, Json>,
  ours: Record<string, Json>,
  theirs: Record<string, Json>,
): Record<string, Json> {
  const merged: Record<string, Json> = {};
  for (const key of new Set([...Object.keys(theirs), ...Object.keys(ours), ...Object.keys(base)])) {
    const value = mergeChanges(base[key], ours[key], theirs[key]);
    if (value !== undefined) merged[key] = value;
  }
  return merged;
}

function mergeLists(base: { id: string }[], ours: { id: string }[], theirs: { id: string }[]): { id: string }[] {
  const byId = (list: { id: string }[]) => new Map(list.map((item) => [item.id, item as Json]));
  const [b, o, t] = [byId(base), byId(ours), byId(theirs)];
  const order = [...new Set([...t.keys(), ...o.keys()])];
  return order.flatMap((id) => {
    const value = mergeChanges(b.get(id), o.get(id), t.get(id));
    return value === undefined ? [] : [value as { id: string }];
  });
}

/** `undefined` stands for "absent": a key or record deleted on one side and untouched on the other is gone. */
export function mergeChanges(base: Json, ours: Json, theirs: Json): Json {
  if (same(ours, base)) return theirs;
  if (same(theirs, base)) return ours;
  if (isRecord(base) && isRecord(ours) && isRecord(theirs)) return mergeRecords(base, ours, theirs);
  if (isRecordList(ours) && isRecordList(theirs)) return mergeLists(isRecordList(base) ? base : [], ours, theirs);
  return ours;
}

/**
 * Makes `target` hold what `source` holds without replacing the objects others keep a reference
 * to (the vault keeps its section of the document): plain objects are updated in place, two levels deep.
 */
export function assignInPlace(target: Record<string, Json>, source: Record<string, Json>, depth = 0): void {
  // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- the keys the merged document no longer has
  for (const key of Object.keys(target)) if (!(key in source)) delete target[key];
  for (const [key, value] of Object.entries(source)) {
    const current = target[key];
    if (depth < 1 && isRecord(current) && isRecord(value)) assignInPlace(current, value, depth + 1);
    else target[key] = value;
  }
}
