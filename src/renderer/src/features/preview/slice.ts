import type { ChannelOutput } from '../../../../shared/contract.ts';
import { api } from '../../api.ts';
import type { SliceCreator } from '../../store/index.ts';
import { editorRequest } from '../grant/slice.ts';

export type Preview = ChannelOutput<'grant:preview'>;

export interface PreviewSlice {
  /** What each editor's flow would send, secrets masked, as main compiled it. */
  previews: Record<string, Preview>;
  loadPreview: () => Promise<void>;
}

export const createPreviewSlice: SliceCreator<PreviewSlice> = (set, get) => ({
  previews: {},
  loadPreview: async () => {
    const { editor, values } = get();
    if (!editor) return;
    const result = await api()['grant:preview'](editorRequest(editor, values));
    // The preview follows typing, so a toast per keystroke would shout: the failure shows in the preview itself.
    const preview: Preview = result.ok ? result.value : { steps: [], error: result.error };
    set((state) => ({ previews: { ...state.previews, [editor.key]: preview } }));
  },
});
