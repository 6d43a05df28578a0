import type { FlowReport } from '../../../../shared/domain/flow-report.ts';
import type { FollowUpRequest } from '../../../../shared/domain/workspace.ts';
import { api } from '../../api.ts';
import type { SliceCreator } from '../../store/index.ts';

/** Follow-up API requests per editor, and the answer to the last one sent. */
export interface FollowUpSlice {
  followUps: Record<string, FollowUpRequest[]>;
  followUpReports: Record<string, FlowReport>;
  sendingFollowUp: string | undefined;
  setFollowUps: (editorKey: string, requests: FollowUpRequest[]) => void;
  /** A request deleted on disk takes its follow-ups with it. */
  forgetFollowUps: (editorKey: string) => void;
  sendFollowUp: (request: FollowUpRequest) => Promise<void>;
}

export const createFollowUpSlice: SliceCreator<FollowUpSlice> = (set, get) => ({
  followUps: {},
  followUpReports: {},
  sendingFollowUp: undefined,
  setFollowUps: (editorKey, requests) => set((state) => ({ followUps: { ...state.followUps, [editorKey]: requests } })),
  forgetFollowUps: (editorKey) =>
    set((state) => ({
      followUps: Object.fromEntries(Object.entries(state.followUps).filter(([key]) => key !== editorKey)),
    })),
  sendFollowUp: async (request) => {
    const { editor, ledger, runOptions } = get();
    if (!editor) return;
    const report = get().reports[editor.key];
    const ledgerId =
      report?.ledgerId ??
      ledger.find((entry) => entry.profileId === editor.profileId && entry.status !== 'revoked')?.id;
    set({ sendingFollowUp: request.id });
    const result = await api()['followup:send']({
      profileId: editor.profileId,
      ...(ledgerId ? { ledgerId } : {}),
      ...(editor.environmentId ? { environmentId: editor.environmentId } : {}),
      request,
      options: { timeoutMs: runOptions.timeoutSeconds * 1000, deadlineMs: runOptions.deadlineSeconds * 1000 },
    });
    set({ sendingFollowUp: undefined });
    if (!result.ok) {
      get().failed(result.error);
      return;
    }
    set((state) => ({ followUpReports: { ...state.followUpReports, [request.id]: result.value } }));
  },
});
