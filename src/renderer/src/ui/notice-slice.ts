import { formatErrorLine, type AppErrorData, type ErrorCode } from '../../../shared/domain/errors.ts';
import type { SliceCreator } from '../store/index.ts';

export interface NoticeAction {
  label: string;
  run: () => Promise<void>;
  /** Take the keyboard focus: the thing it acted on is gone (a deleted row), and Undo is what comes next. */
  focus?: boolean;
}

export interface Notice {
  id: number;
  text: string;
  tone: 'info' | 'error';
  /** What failed, when the notice shows a failed call. */
  code?: ErrorCode;
  action?: NoticeAction;
}

export interface NoticeSlice {
  notice: Notice | undefined;
  notify: (text: string, tone?: Notice['tone'], action?: NoticeAction) => void;
  /** Shows a failed call's error: every failure main answers goes through here, none is dropped. */
  failed: (error: AppErrorData) => void;
  dismissNotice: (id: number) => void;
}

let nextId = 1;

export const createNoticeSlice: SliceCreator<NoticeSlice> = (set) => ({
  notice: undefined,
  notify: (text, tone = 'info', action) => set({ notice: { id: nextId++, text, tone, ...(action ? { action } : {}) } }),
  failed: (error) => set({ notice: { id: nextId++, text: formatErrorLine(error), tone: 'error', code: error.code } }),
  dismissNotice: (id) => set((state) => (state.notice?.id === id ? { notice: undefined } : {})),
});
