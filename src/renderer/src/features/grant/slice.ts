import type { ChannelOutput, EventPayload } from '../../../../shared/contract.ts';
import { formatErrorLine } from '../../../../shared/domain/errors.ts';
import type { FlowReport } from '../../../../shared/domain/flow-report.ts';
import { defaultValues } from '../../../../shared/domain/profile.ts';
import { PROFILES, findProfile } from '../../../../shared/providers/index.ts';
import { api } from '../../api.ts';
import type { SliceCreator } from '../../store/index.ts';

export type StepProgress = EventPayload<'grant:progress'>;

/** The run in flight: its id (so it can be cancelled or given a pasted redirect) and its steps. */
export interface RunningGrant {
  runId: string;
  progress: Record<string, StepProgress>;
}

export interface RunOptions {
  timeoutSeconds: number;
  insecureTls: boolean;
}

export type SecretMasks = ChannelOutput<'secrets:masks'>;

export interface GrantSlice {
  profileId: string;
  /**
   * Form values per profile, so switching provider and back keeps what was typed. A secret typed
   * here is sent once and then forgotten: the vault keeps it, and `secretMasks` shows it.
   */
  values: Record<string, Record<string, string>>;
  /** What the vault holds for each profile's secret fields: masks, never values. */
  secretMasks: Record<string, SecretMasks>;
  runOptions: RunOptions;
  running: RunningGrant | undefined;
  report: FlowReport | undefined;
  /** The exchange the response viewer shows. */
  selectedStepId: string | undefined;
  selectProfile: (profileId: string) => void;
  setValue: (field: string, value: string) => void;
  setRunOptions: (options: Partial<RunOptions>) => void;
  runGrant: () => Promise<void>;
  cancelGrant: () => Promise<void>;
  pasteRedirect: (url: string) => Promise<void>;
  copyLink: (url: string) => Promise<void>;
  selectStep: (stepId: string) => void;
  copyToken: () => Promise<void>;
  loadSecretMasks: (profileId: string) => Promise<void>;
  /** Subscribes to main's grant events; returns the unsubscribe function. */
  listenForProgress: () => () => void;
}

const firstProfile = PROFILES[0]!;

/** The exchange worth showing first: a failed one, else the token response (not the check call). */
export function defaultStep(report: FlowReport): string | undefined {
  const failed = report.steps.find((step) => step.error);
  const answered = report.steps.filter((step) => step.response);
  return (failed ?? answered.findLast((step) => step.id !== 'check') ?? answered.at(-1) ?? report.steps.at(-1))?.id;
}

export const createGrantSlice: SliceCreator<GrantSlice> = (set, get) => ({
  profileId: firstProfile.id,
  values: { [firstProfile.id]: defaultValues(firstProfile) },
  secretMasks: {},
  runOptions: { timeoutSeconds: 30, insecureTls: false },
  running: undefined,
  report: undefined,
  selectedStepId: undefined,

  selectProfile: (profileId) => {
    const profile = findProfile(profileId);
    if (!profile || get().running) return;
    set((state) => ({
      profileId,
      report: undefined,
      selectedStepId: undefined,
      curl: undefined,
      values: state.values[profileId] ? state.values : { ...state.values, [profileId]: defaultValues(profile) },
    }));
    void get().loadSecretMasks(profileId);
  },

  setValue: (field, value) =>
    set((state) => ({
      values: { ...state.values, [state.profileId]: { ...state.values[state.profileId], [field]: value } },
    })),

  setRunOptions: (options) => set((state) => ({ runOptions: { ...state.runOptions, ...options } })),

  runGrant: async () => {
    const { profileId, values, running, runOptions } = get();
    if (running) return;
    const runId = crypto.randomUUID();
    set({ running: { runId, progress: {} }, curl: undefined });
    const result = await api()['grant:run']({
      runId,
      profileId,
      values: values[profileId] ?? {},
      options: { timeoutMs: runOptions.timeoutSeconds * 1000, insecureTls: runOptions.insecureTls },
    });
    // The secrets are with main now (in the vault, when it is open): the form forgets them.
    const profile = findProfile(profileId);
    const secretFields = profile?.fields.filter((field) => field.type === 'secret').map((field) => field.name) ?? [];
    set((state) => ({
      running: undefined,
      values: {
        ...state.values,
        [profileId]: Object.fromEntries(
          Object.entries(state.values[profileId] ?? {}).map(([name, value]) => [
            name,
            secretFields.includes(name) ? '' : value,
          ]),
        ),
      },
    }));
    await get().loadSecretMasks(profileId);
    if (!result.ok) {
      get().notify(formatErrorLine(result.error), 'error');
      return;
    }
    const selectedStepId = defaultStep(result.value);
    set({ report: result.value, selectedStepId });
    if (selectedStepId) await get().loadCurl(selectedStepId);
  },

  cancelGrant: async () => {
    const running = get().running;
    if (running) await api()['grant:cancel']({ runId: running.runId });
  },

  pasteRedirect: async (url) => {
    const running = get().running;
    if (!running) return;
    const result = await api()['grant:paste-redirect']({ runId: running.runId, url });
    if (!result.ok) get().notify(formatErrorLine(result.error), 'error');
  },

  copyLink: async (url) => {
    const result = await api()['link:copy']({ url });
    get().notify(
      result.ok ? 'Link copied to the clipboard.' : formatErrorLine(result.error),
      result.ok ? 'info' : 'error',
    );
  },

  selectStep: (stepId) => {
    set({ selectedStepId: stepId });
    void get().loadCurl(stepId);
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

  loadSecretMasks: async (profileId) => {
    const result = await api()['secrets:masks']({ profileId });
    if (result.ok) set((state) => ({ secretMasks: { ...state.secretMasks, [profileId]: result.value } }));
  },

  listenForProgress: () =>
    api().on('grant:progress', (progress) => {
      const running = get().running;
      if (running?.runId !== progress.runId) return;
      set({ running: { ...running, progress: { ...running.progress, [progress.stepId]: progress } } });
    }),
});
