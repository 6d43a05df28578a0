import { secretFieldNames } from '../../../../shared/domain/profile.ts';
import type { SavedRequest } from '../../../../shared/domain/workspace.ts';
import { findProfile } from '../../../../shared/providers/index.ts';
import type { Editor } from './slice.ts';

const DRAFTS_KEY = 'tokensmith.drafts';

/** Unsaved edits as they outlive a reload: never a secret field's value (those stay in memory only). */
export interface Drafts {
  editor?: Editor;
  values: Record<string, Record<string, string>>;
  dirty: Record<string, boolean>;
  names: Record<string, string>;
}

function isRecordOfStrings(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' && value !== null && Object.values(value).every((entry) => typeof entry === 'string')
  );
}

/** The drafts the last window left; nothing when there are none or they cannot be read. */
export function readDrafts(): Drafts {
  const empty: Drafts = { values: {}, dirty: {}, names: {} };
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(DRAFTS_KEY) ?? 'null');
    if (typeof stored !== 'object' || stored === null) return empty;
    const { editor, values: storedValues, names: storedNames } = stored as Record<string, unknown>;
    const values =
      typeof storedValues === 'object' && storedValues !== null
        ? Object.fromEntries(Object.entries(storedValues).filter(([, entry]) => isRecordOfStrings(entry)))
        : {};
    const names = isRecordOfStrings(storedNames) ? storedNames : {};
    const keys = [...Object.keys(values), ...Object.keys(names)];
    const open =
      isRecordOfStrings(editor) && typeof editor.key === 'string' && findProfile(editor.profileId ?? '')
        ? (editor as unknown as Editor)
        : undefined;
    return {
      ...(open ? { editor: open } : {}),
      values: values,
      dirty: Object.fromEntries(keys.map((key) => [key, true])),
      names,
    };
  } catch {
    return empty;
  }
}

/** The profile an editor key belongs to: a draft names it, a saved request has it. */
function profileOf(key: string, requests: readonly SavedRequest[]): string | undefined {
  if (key.startsWith('draft:')) return key.slice('draft:'.length);
  return requests.find((request) => request.id === key)?.profileId;
}

/** Keeps the edits of every changed editor, without its secret fields. */
export function writeDrafts(state: Drafts & { requests: readonly SavedRequest[] }): void {
  const values: Drafts['values'] = {};
  for (const [key, fields] of Object.entries(state.values)) {
    if (!state.dirty[key]) continue;
    const profile = findProfile(profileOf(key, state.requests) ?? '');
    // Without its profile a field cannot be told secret or not: such an editor is not kept.
    if (!profile) continue;
    const secrets = secretFieldNames(profile);
    values[key] = Object.fromEntries(Object.entries(fields).filter(([name]) => !secrets.includes(name)));
  }
  const names = Object.fromEntries(Object.entries(state.names).filter(([key]) => state.dirty[key]));
  if (Object.keys(values).length === 0 && Object.keys(names).length === 0) {
    localStorage.removeItem(DRAFTS_KEY);
    return;
  }
  localStorage.setItem(
    DRAFTS_KEY,
    JSON.stringify({ ...(state.editor ? { editor: state.editor } : {}), values, dirty: {}, names }),
  );
}
