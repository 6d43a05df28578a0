import type { DiscoveredMetadata } from '../../../../shared/flow/client-auth-default.ts';
import { clientAuthFromDiscovery } from '../../../../shared/flow/client-auth-default.ts';
import { findProfile } from '../../../../shared/providers/index.ts';
import { api } from '../../api.ts';
import type { SliceCreator } from '../../store/index.ts';
import { editorRequest } from './slice.ts';

/** A value the form chose on its own, and the sentence that says why (shown while it stays). */
export interface AutoValue {
  value: string;
  note: string;
}

export interface DiscoverySlice {
  /** The discovery document each editor's issuer publishes, read before the first run. */
  discovered: Record<string, DiscoveredMetadata>;
  /** Per editor and field: what the form chose from the discovery document. */
  autoValues: Record<string, Record<string, AutoValue>>;
  /** Reads the open editor's discovery document and preselects what the server accepts. */
  discoverIssuer: () => Promise<void>;
}

const CLIENT_AUTH_FIELD = 'clientAuth';

export const createDiscoverySlice: SliceCreator<DiscoverySlice> = (set, get) => ({
  discovered: {},
  autoValues: {},
  discoverIssuer: async () => {
    const { editor, values, runOptions } = get();
    if (!editor) return;
    const result = await api()['grant:discover']({
      ...editorRequest(editor, values),
      options: { timeoutMs: runOptions.timeoutSeconds * 1000, insecureTls: runOptions.insecureTls },
    });
    // A half-typed issuer has no document: the run says what is wrong, the form waits.
    const metadata = result.ok ? result.value.metadata : undefined;
    const state = get();
    if (!metadata || state.editor?.key !== editor.key) return;
    set({ discovered: { ...state.discovered, [editor.key]: metadata } });

    const field = findProfile(editor.profileId)?.fields.find((candidate) => candidate.name === CLIENT_AUTH_FIELD);
    // Only a new request before its first run: a saved request or a run's result keeps what it has.
    if (!field || editor.savedRequestId || state.reports[editor.key]) return;
    const current = state.values[editor.key]?.[CLIENT_AUTH_FIELD] ?? field.default;
    const { [CLIENT_AUTH_FIELD]: auto, ...otherAuto } = state.autoValues[editor.key] ?? {};
    // A method the user chose is theirs: only the default, or what the form chose itself, moves.
    if (current !== field.default && current !== auto?.value) return;
    const pick = clientAuthFromDiscovery(field, metadata.tokenEndpointAuthMethods);
    get().presetValue({ editorKey: editor.key, field: CLIENT_AUTH_FIELD, value: pick?.method ?? field.default ?? '' });
    set({
      autoValues: {
        ...state.autoValues,
        [editor.key]: pick ? { ...otherAuto, [CLIENT_AUTH_FIELD]: { value: pick.method, note: pick.note } } : otherAuto,
      },
    });
  },
});
