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
  action?: NoticeAction;
}

export interface NoticeSlice {
  notice: Notice | undefined;
  notify: (text: string, tone?: Notice['tone'], action?: NoticeAction) => void;
  dismissNotice: (id: number) => void;
}

let nextId = 1;

export const createNoticeSlice: SliceCreator<NoticeSlice> = (set) => ({
  notice: undefined,
  notify: (text, tone = 'info', action) => set({ notice: { id: nextId++, text, tone, ...(action ? { action } : {}) } }),
  dismissNotice: (id) => set((state) => (state.notice?.id === id ? { notice: undefined } : {})),
});
