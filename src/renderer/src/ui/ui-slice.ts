import type { SliceCreator } from '../store/index.ts';

export type View = 'request' | 'tokens';
export type Theme = 'system' | 'light' | 'dark';

/** Layout and preferences: UI state only, never a secret, so it may live in localStorage. */
export interface UiSlice {
  view: View;
  theme: Theme;
  sidebarWidth: number;
  paletteOpen: boolean;
  helpOpen: boolean;
  setView: (view: View) => void;
  setTheme: (theme: Theme) => void;
  setSidebarWidth: (width: number) => void;
  setPaletteOpen: (open: boolean) => void;
  setHelpOpen: (open: boolean) => void;
}

const PREFERENCES_KEY = 'tokensmith.preferences';

interface Preferences {
  theme: Theme;
  sidebarWidth: number;
}

function readPreferences(): Preferences {
  const fallback: Preferences = { theme: 'system', sidebarWidth: 260 };
  try {
    const stored = JSON.parse(localStorage.getItem(PREFERENCES_KEY) ?? '{}') as Partial<Preferences>;
    return {
      theme: stored.theme === 'light' || stored.theme === 'dark' ? stored.theme : 'system',
      sidebarWidth: typeof stored.sidebarWidth === 'number' ? stored.sidebarWidth : fallback.sidebarWidth,
    };
  } catch {
    return fallback;
  }
}

function writePreferences(preferences: Preferences): void {
  localStorage.setItem(PREFERENCES_KEY, JSON.stringify(preferences));
}

export const createUiSlice: SliceCreator<UiSlice> = (set, get) => ({
  view: 'request',
  ...readPreferences(),
  paletteOpen: false,
  helpOpen: false,
  setView: (view) => set({ view }),
  setTheme: (theme) => {
    set({ theme });
    writePreferences({ theme, sidebarWidth: get().sidebarWidth });
  },
  setSidebarWidth: (width) => {
    const sidebarWidth = Math.round(Math.min(520, Math.max(180, width)));
    set({ sidebarWidth });
    writePreferences({ theme: get().theme, sidebarWidth });
  },
  setPaletteOpen: (paletteOpen) => set({ paletteOpen }),
  setHelpOpen: (helpOpen) => set({ helpOpen }),
});
