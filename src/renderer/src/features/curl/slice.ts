import type { SecretMode } from '../../../../shared/curl/export.ts';
import { formatErrorLine } from '../../../../shared/domain/errors.ts';
import { api } from '../../api.ts';
import type { SliceCreator } from '../../store/index.ts';

export interface CurlView {
  stepId: string;
  /** What is shown: the command with variables, or masked. Revealed commands are never shown. */
  command: string;
  variables: { variable: string; origin: string }[];
}

export interface CurlSlice {
  curlMode: SecretMode;
  curl: CurlView | undefined;
  setCurlMode: (mode: SecretMode) => Promise<void>;
  loadCurl: (stepId: string) => Promise<void>;
  copyCurl: () => Promise<void>;
}

const COPIED: Record<SecretMode, string> = {
  env: 'cURL copied; it reads the secrets from environment variables.',
  mask: 'cURL copied with the secrets masked.',
  reveal: 'cURL copied with the secrets in clear text. Clear your clipboard when done.',
};

export const createCurlSlice: SliceCreator<CurlSlice> = (set, get) => ({
  curlMode: 'env',
  curl: undefined,

  setCurlMode: async (mode) => {
    set({ curlMode: mode });
    const stepId = get().curl?.stepId;
    if (stepId) await get().loadCurl(stepId);
  },

  loadCurl: async (stepId) => {
    const report = get().report;
    if (!report) return;
    if (!report.steps.find((step) => step.id === stepId)?.request) {
      set({ curl: undefined });
      return;
    }
    // A revealed command is shown masked: the clear text only ever goes to the clipboard.
    const shown = get().curlMode === 'env' ? 'env' : 'mask';
    const result = await api()['curl:export']({ runId: report.runId, stepId, mode: shown });
    if (!result.ok) {
      get().notify(formatErrorLine(result.error), 'error');
      return;
    }
    set({ curl: { stepId, ...result.value } });
  },

  copyCurl: async () => {
    const { report, curl, curlMode } = get();
    if (!report || !curl) return;
    const result = await api()['curl:copy']({ runId: report.runId, stepId: curl.stepId, mode: curlMode });
    get().notify(result.ok ? COPIED[curlMode] : formatErrorLine(result.error), result.ok ? 'info' : 'error');
  },
});
