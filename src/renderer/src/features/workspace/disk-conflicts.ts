import type { SavedRequest } from '../../../../shared/domain/workspace.ts';

/**
 * What another writer (git, an editor, the command line) changed of a request the window has
 * unsaved edits for: the version now on disk, or null when the file was deleted.
 */
export type DiskVersion = SavedRequest | null;

/** What a person edits of a saved request; its times (those of its file) and place do not count. */
function content(request: SavedRequest): string {
  const { name, profileId, environmentId, values, secretFields, refs, followUps } = request;
  return JSON.stringify({ name, profileId, environmentId, values, secretFields, refs, followUps });
}

/**
 * The requests with unsaved edits in the window whose file changed on disk between two listings,
 * by id. Changes this window made itself (`ownChanges`: a rename, a move) are not conflicts.
 */
export function changedUnderEdits(options: {
  before: readonly SavedRequest[];
  after: readonly SavedRequest[];
  dirty: Readonly<Record<string, boolean>>;
  ownChanges: ReadonlySet<string>;
}): Record<string, DiskVersion> {
  const after = new Map(options.after.map((request) => [request.id, request]));
  const conflicts: Record<string, DiskVersion> = {};
  for (const previous of options.before) {
    if (!options.dirty[previous.id] || options.ownChanges.has(previous.id)) continue;
    const now = after.get(previous.id);
    if (!now) conflicts[previous.id] = null;
    else if (content(now) !== content(previous)) conflicts[previous.id] = now;
  }
  return conflicts;
}
