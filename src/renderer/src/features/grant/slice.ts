import type { ChannelOutput, EventPayload } from '../../../../shared/contract.ts';
import type { FlowReport } from '../../../../shared/domain/flow-report.ts';
import type { LedgerView } from '../../../../shared/domain/ledger.ts';
import { defaultValues, secretFieldNames } from '../../../../shared/domain/profile.ts';
import type { SavedRequest } from '../../../../shared/domain/workspace.ts';
import { findProfile } from '../../../../shared/providers/index.ts';
import { api } from '../../api.ts';
import type { SliceCreator } from '../../store/index.ts';
import { clipboardNote } from '../vault/clipboard-note.ts';
import { readDrafts } from './drafts.ts';

export type StepProgress = EventPayload<'grant:progress'>;
export type SecretMasks = ChannelOutput<'secrets:masks'>;

/** The run in flight: its id (so it can be cancelled or given a pasted redirect) and its steps. */
export interface RunningGrant {
  runId: string;
  editorKey: string;
  progress: Record<string, StepProgress>;
}

export interface RunOptions {
  timeoutSeconds: number;
  /** The most each request may take in all, however steadily a server drips its answer. */
  deadlineSeconds: number;
  insecureTls: boolean;
}

/**
 * What the workbench has open: a saved request, or a new one (a draft) for a profile. Values,
 * masks and the last report are kept per editor, so switching back and forth loses nothing.
 */
export interface Editor {
  key: string;
  profileId: string;
  savedRequestId?: string;
  environmentId?: string;
}

/**
 * Which request an editor holds, as main's grant calls (run, preview, discover) take it: the
 * profile, the saved request and environment it was opened with, and the form's values.
 */
export function editorRequest(
  editor: Editor,
  values: Readonly<Record<string, Record<string, string>>>,
): { profileId: string; savedRequestId?: string; environmentId?: string; values: Record<string, string> } {
  return {
    profileId: editor.profileId,
    ...(editor.savedRequestId ? { savedRequestId: editor.savedRequestId } : {}),
    ...(editor.environmentId ? { environmentId: editor.environmentId } : {}),
    values: values[editor.key] ?? {},
  };
}

export function draftKey(profileId: string): string {
  return `draft:${profileId}`;
}

export interface GrantSlice {
  /** Undefined on first run, until the user picks a provider or a saved request. */
  editor: Editor | undefined;
  /**
   * Form values per editor. A secret typed here is sent once and then forgotten: the vault keeps
   * it, and `secretMasks` shows it.
   */
  values: Record<string, Record<string, string>>;
  /** Fields changed since the editor was opened or saved. */
  dirty: Record<string, boolean>;
  secretMasks: Record<string, SecretMasks>;
  reports: Record<string, FlowReport>;
  runOptions: RunOptions;
  running: RunningGrant | undefined;
  /** The exchange the response viewer shows. */
  selectedStepId: string | undefined;
  /** An editor just opened from a provider choice: its form puts focus on its first empty field. */
  focusFirstField: string | undefined;
  fieldFocused: () => void;
  /** The run whose response has just arrived: a small window scrolls it into view once. */
  revealRun: string | undefined;
  runRevealed: () => void;
  openDraft: (profileId: string) => void;
  openSaved: (request: SavedRequest) => void;
  /** Back to the start: the provider choice. */
  closeEditor: () => void;
  setValue: (field: string, value: string) => void;
  setEnvironment: (environmentId: string | undefined) => void;
  setRunOptions: (options: Partial<RunOptions>) => void;
  runGrant: () => Promise<void>;
  cancelGrant: () => Promise<void>;
  pasteRedirect: (url: string) => Promise<void>;
  copyLink: (url: string) => Promise<void>;
  selectStep: (stepId: string) => void;
  copyToken: () => Promise<void>;
  loadSecretMasks: () => Promise<void>;
  /** A value the form chose itself (not the user's edit, so the editor stays as it was saved). */
  presetValue: (preset: { editorKey: string; field: string; value: string }) => void;
  /** An editor's fields or name changed since it was opened or saved. */
  markDirty: (editorKey: string) => void;
  /** The editor `editorKey` was saved as `saved`: it becomes that request's editor, with `values` (no secrets). */
  markSaved: (save: { editorKey: string; saved: SavedRequest; values: Record<string, string> }) => void;
  /** A saved request's edits give way to its version on disk (null: deleted there, so its editor closes). */
  takeVersion: (id: string, onDisk: SavedRequest | null) => void;
  /** A saved request is gone: its editor, when open, closes. */
  requestGone: (id: string) => void;
  /** Subscribes to main's grant events; returns the unsubscribe function. */
  listenForProgress: () => () => void;
}

/** The exchange worth showing first: a failed one, else the token response (not the check call). */
export function defaultStep(report: FlowReport): string | undefined {
  const failed = report.steps.find((step) => step.error);
  const answered = report.steps.filter((step) => step.response);
  return (failed ?? answered.findLast((step) => step.id !== 'check') ?? answered.at(-1) ?? report.steps.at(-1))?.id;
}

export const createGrantSlice: SliceCreator<GrantSlice> = (set, get) => {
  function open(editor: Editor, initial: Record<string, string>): void {
    if (get().running) return;
    set((state) => ({
      editor,
      values: state.values[editor.key] ? state.values : { ...state.values, [editor.key]: initial },
      selectedStepId: state.reports[editor.key] ? defaultStep(state.reports[editor.key]!) : undefined,
    }));
    get().setView('request');
    void get().loadSecretMasks();
  }

  // Unsaved edits of the last window (a reload, a restart), without their secrets.
  const drafts = readDrafts();
  return {
    editor: drafts.editor,
    values: drafts.values,
    dirty: drafts.dirty,
    secretMasks: {},
    reports: {},
    runOptions: { timeoutSeconds: 30, deadlineSeconds: 120, insecureTls: false },
    running: undefined,
    selectedStepId: undefined,
    focusFirstField: undefined,
    fieldFocused: () => set({ focusFirstField: undefined }),
    revealRun: undefined,
    runRevealed: () => set({ revealRun: undefined }),

    openDraft: (profileId) => {
      const profile = findProfile(profileId);
      if (!profile || get().running) return;
      open({ key: draftKey(profileId), profileId }, defaultValues(profile));
      set({ focusFirstField: draftKey(profileId) });
    },

    openSaved: (request) => {
      const profile = findProfile(request.profileId);
      if (!profile) return;
      if (!get().followUps[request.id]) get().setFollowUps(request.id, request.followUps);
      open(
        {
          key: request.id,
          profileId: request.profileId,
          savedRequestId: request.id,
          ...(request.environmentId ? { environmentId: request.environmentId } : {}),
        },
        { ...defaultValues(profile), ...request.values },
      );
    },

    closeEditor: () => {
      set({ editor: undefined });
      get().setView('request');
    },

    setValue: (field, value) => {
      const editor = get().editor;
      if (!editor) return;
      set((state) => ({
        values: { ...state.values, [editor.key]: { ...state.values[editor.key], [field]: value } },
        dirty: { ...state.dirty, [editor.key]: true },
      }));
    },

    setEnvironment: (environmentId) => {
      const editor = get().editor;
      if (!editor) return;
      const { environmentId: _previous, ...rest } = editor;
      const environment = get().environments.find((candidate) => candidate.id === environmentId);
      // Show what the environment sets in the form: main applies the same values when it runs.
      set((state) => ({
        editor: environmentId ? { ...rest, environmentId } : rest,
        values: { ...state.values, [editor.key]: { ...state.values[editor.key], ...environment?.values } },
        dirty: { ...state.dirty, [editor.key]: true },
      }));
    },

    setRunOptions: (options) => set((state) => ({ runOptions: { ...state.runOptions, ...options } })),

    runGrant: async () => {
      const { editor, values, running, runOptions } = get();
      if (running || !editor) return;
      const runId = crypto.randomUUID();
      set({ running: { runId, editorKey: editor.key, progress: {} } });
      const result = await api()['grant:run']({
        runId,
        ...editorRequest(editor, values),
        options: {
          timeoutMs: runOptions.timeoutSeconds * 1000,
          deadlineMs: runOptions.deadlineSeconds * 1000,
          insecureTls: runOptions.insecureTls,
        },
      });
      // The secrets are with main now (in the vault, when it is open): the form forgets them.
      const profile = findProfile(editor.profileId);
      const secretFields = profile ? secretFieldNames(profile) : [];
      set((state) => ({
        running: undefined,
        values: {
          ...state.values,
          [editor.key]: Object.fromEntries(
            Object.entries(state.values[editor.key] ?? {}).map(([name, value]) => [
              name,
              secretFields.includes(name) ? '' : value,
            ]),
          ),
        },
      }));
      await get().loadSecretMasks();
      if (!result.ok) {
        get().failed(result.error);
        return;
      }
      const selectedStepId = defaultStep(result.value);
      set((state) => ({
        reports: { ...state.reports, [editor.key]: result.value },
        selectedStepId,
        revealRun: result.value.runId,
      }));
      void get().loadLedger();
    },

    cancelGrant: async () => {
      const running = get().running;
      if (!running) return;
      const result = await api()['grant:cancel']({ runId: running.runId });
      if (!result.ok) get().failed(result.error);
    },

    pasteRedirect: async (url) => {
      const running = get().running;
      if (!running) return;
      const result = await api()['grant:paste-redirect']({ runId: running.runId, url });
      if (!result.ok) get().failed(result.error);
    },

    copyLink: async (url) => {
      const result = await api()['link:copy']({ url });
      if (result.ok) get().notify('Link copied to the clipboard.');
      else get().failed(result.error);
    },

    selectStep: (stepId) => set({ selectedStepId: stepId }),

    copyToken: async () => {
      const editor = get().editor;
      const report = editor ? get().reports[editor.key] : undefined;
      // The ledger's token, when it keeps one: the run's may have been renewed since, or expired.
      const kept = currentLedgerToken(get());
      if (kept) {
        await get().copyLedgerToken(kept.id);
        return;
      }
      if (!report?.token) return;
      const result = await api()['token:copy']({ runId: report.runId });
      if (result.ok)
        get().notify(`Access token copied to the clipboard.${clipboardNote(result.value.clearsInSeconds)}`);
      else get().failed(result.error);
    },

    loadSecretMasks: async () => {
      const editor = get().editor;
      if (!editor) return;
      const result = await api()['secrets:masks']({
        profileId: editor.profileId,
        ...(editor.savedRequestId ? { savedRequestId: editor.savedRequestId } : {}),
      });
      // Without its masks the form would look as if no secret were kept: say why instead.
      if (result.ok) set((state) => ({ secretMasks: { ...state.secretMasks, [editor.key]: result.value } }));
      else get().failed(result.error);
    },

    presetValue: ({ editorKey, field, value }) =>
      set((state) => ({ values: { ...state.values, [editorKey]: { ...state.values[editorKey], [field]: value } } })),

    markDirty: (editorKey) => set((state) => ({ dirty: { ...state.dirty, [editorKey]: true } })),

    markSaved: ({ editorKey: from, saved, values: kept }) =>
      set((state) => ({
        editor: {
          key: saved.id,
          profileId: saved.profileId,
          savedRequestId: saved.id,
          ...(saved.environmentId ? { environmentId: saved.environmentId } : {}),
        },
        values: {
          ...state.values,
          [saved.id]: kept,
          // A saved draft starts over without its secrets too.
          ...(from === draftKey(saved.profileId) ? { [from]: kept } : {}),
        },
        reports:
          state.reports[from] && !state.reports[saved.id]
            ? { ...state.reports, [saved.id]: state.reports[from] }
            : state.reports,
        dirty: { ...state.dirty, [saved.id]: false },
      })),

    takeVersion: (id, onDisk) => {
      const profile = onDisk ? findProfile(onDisk.profileId) : undefined;
      set((state) => {
        const editing = state.editor?.savedRequestId === id;
        return {
          dirty: without(state.dirty, id),
          values:
            onDisk && profile
              ? { ...state.values, [id]: { ...defaultValues(profile), ...onDisk.values } }
              : without(state.values, id),
          ...(editing
            ? {
                editor: onDisk
                  ? {
                      key: id,
                      profileId: onDisk.profileId,
                      savedRequestId: id,
                      ...(onDisk.environmentId ? { environmentId: onDisk.environmentId } : {}),
                    }
                  : undefined,
              }
            : {}),
        };
      });
    },

    requestGone: (id) => {
      if (get().editor?.savedRequestId === id) set({ editor: undefined });
    },

    listenForProgress: () =>
      api().on('grant:progress', (progress) => {
        const running = get().running;
        if (running?.runId !== progress.runId) return;
        set({ running: { ...running, progress: { ...running.progress, [progress.stepId]: progress } } });
      }),
  };
};

function without<T>(record: Record<string, T>, id: string): Record<string, T> {
  return Object.fromEntries(Object.entries(record).filter(([key]) => key !== id));
}

/**
 * The ledger's token for the open editor: the one its last run got (renewed since, perhaps), else the
 * newest one got with a saved request's settings, so a reopened request shows its token.
 */
export function currentLedgerToken(
  state: Pick<GrantSlice, 'editor' | 'reports'> & { ledger: LedgerView[] },
): LedgerView | undefined {
  const { editor } = state;
  if (!editor) return undefined;
  const ledgerId = state.reports[editor.key]?.ledgerId;
  if (ledgerId) return state.ledger.find((entry) => entry.id === ledgerId);
  const requestId = editor.savedRequestId;
  if (!requestId) return undefined;
  return state.ledger
    .filter((entry) => entry.requestIds?.includes(requestId) && entry.status !== 'revoked')
    .toSorted((a, b) => b.obtainedAt.localeCompare(a.obtainedAt))[0];
}

/** The report of the editor that is open. */
export function currentReport(state: Pick<GrantSlice, 'editor' | 'reports'>): FlowReport | undefined {
  return state.editor ? state.reports[state.editor.key] : undefined;
}
