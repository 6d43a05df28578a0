import { formatErrorLine } from '../../../../shared/domain/errors.ts';
import type { FlowReport } from '../../../../shared/domain/flow-report.ts';
import { defaultValues } from '../../../../shared/domain/profile.ts';
import { PROFILES, findProfile } from '../../../../shared/providers/index.ts';
import { api } from '../../api.ts';
import type { SliceCreator } from '../../store/index.ts';

export interface GrantSlice {
  profileId: string;
  /** Form values per profile, so switching provider and back keeps what was typed. */
  values: Record<string, Record<string, string>>;
  running: boolean;
  /** The state of each step of the run in flight, by step id, from main's progress events. */
  progress: Record<string, 'sending' | 'done' | 'failed'>;
  report: FlowReport | undefined;
  selectProfile: (profileId: string) => void;
  setValue: (field: string, value: string) => void;
  runGrant: () => Promise<void>;
  copyToken: () => Promise<void>;
  /** Subscribes to main's grant events; returns the unsubscribe function. */
  listenForProgress: () => () => void;
}

const firstProfile = PROFILES[0]!;

export const createGrantSlice: SliceCreator<GrantSlice> = (set, get) => ({
  profileId: firstProfile.id,
  values: { [firstProfile.id]: defaultValues(firstProfile) },
  running: false,
  progress: {},
  report: undefined,

  selectProfile: (profileId) => {
    const profile = findProfile(profileId);
    if (!profile) return;
    set((state) => ({
      profileId,
      report: undefined,
      curl: undefined,
      values: state.values[profileId] ? state.values : { ...state.values, [profileId]: defaultValues(profile) },
    }));
  },

  setValue: (field, value) =>
    set((state) => ({
      values: { ...state.values, [state.profileId]: { ...state.values[state.profileId], [field]: value } },
    })),

  runGrant: async () => {
    const { profileId, values, running } = get();
    if (running) return;
    set({ running: true, progress: {}, curl: undefined });
    const result = await api()['grant:run']({ profileId, values: values[profileId] ?? {} });
    set({ running: false });
    if (!result.ok) {
      get().notify(formatErrorLine(result.error), 'error');
      return;
    }
    set({ report: result.value });
    const lastStep = result.value.steps.at(-1);
    if (lastStep) await get().loadCurl(lastStep.id);
  },

  copyToken: async () => {
    const report = get().report;
    if (!report?.token) return;
    const result = await api()['token:copy']({ runId: report.runId });
    get().notify(
      result.ok ? 'Access token copied to the clipboard.' : formatErrorLine(result.error),
      result.ok ? 'info' : 'error',
    );
  },

  listenForProgress: () =>
    api().on('grant:progress', ({ stepId, state }) => {
      if (get().running) set((current) => ({ progress: { ...current.progress, [stepId]: state } }));
    }),
});
