import type { SliceCreator } from '../store/index.ts';

export interface Notice {
  id: number;
  text: string;
  tone: 'info' | 'error';
}

export interface NoticeSlice {
  notice: Notice | undefined;
  notify: (text: string, tone?: Notice['tone']) => void;
  dismissNotice: (id: number) => void;
}

let nextId = 1;

export const createNoticeSlice: SliceCreator<NoticeSlice> = (set) => ({
  notice: undefined,
  notify: (text, tone = 'info') => set({ notice: { id: nextId++, text, tone } }),
  dismissNotice: (id) => set((state) => (state.notice?.id === id ? { notice: undefined } : {})),
});
