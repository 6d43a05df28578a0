import type { SliceCreator } from '../store/index.ts';

export type View = 'request' | 'tokens' | 'vault';
export type Theme = 'system' | 'light' | 'dark';

/** Layout and preferences: UI state only, never a secret, so it may live in localStorage. */
export interface UiSlice {
  view: View;
  theme: Theme;
  sidebarWidth: number;
  /** Width of the request pane; the response takes the rest. */
  formWidth: number;
  /** The sidebar folded away (Ctrl+B), to give a small window to the request and response. */
  sidebarCollapsed: boolean;
  paletteOpen: boolean;
  helpOpen: boolean;
  setView: (view: View) => void;
  setTheme: (theme: Theme) => void;
  setSidebarWidth: (width: number) => void;
  setFormWidth: (width: number) => void;
  toggleSidebar: () => void;
  setPaletteOpen: (open: boolean) => void;
  setHelpOpen: (open: boolean) => void;
}

const PREFERENCES_KEY = 'tokensmith.preferences';

interface Preferences {
  theme: Theme;
  sidebarWidth: number;
  formWidth: number;
  sidebarCollapsed: boolean;
}

function readPreferences(): Preferences {
  const fallback: Preferences = { theme: 'system', sidebarWidth: 260, formWidth: 460, sidebarCollapsed: false };
  try {
    const stored = JSON.parse(localStorage.getItem(PREFERENCES_KEY) ?? '{}') as Partial<Preferences>;
    return {
      theme: stored.theme === 'light' || stored.theme === 'dark' ? stored.theme : 'system',
      sidebarWidth: typeof stored.sidebarWidth === 'number' ? stored.sidebarWidth : fallback.sidebarWidth,
      formWidth: typeof stored.formWidth === 'number' ? stored.formWidth : fallback.formWidth,
      sidebarCollapsed: stored.sidebarCollapsed === true,
    };
  } catch {
    return fallback;
  }
}

function writePreferences(preferences: Preferences): void {
  localStorage.setItem(PREFERENCES_KEY, JSON.stringify(preferences));
}

function preferencesOf(state: Preferences): Preferences {
  const { theme, sidebarWidth, formWidth, sidebarCollapsed } = state;
  return { theme, sidebarWidth, formWidth, sidebarCollapsed };
}

export const createUiSlice: SliceCreator<UiSlice> = (set, get) => ({
  view: 'request',
  ...readPreferences(),
  paletteOpen: false,
  helpOpen: false,
  setView: (view) => set({ view }),
  setTheme: (theme) => {
    set({ theme });
    writePreferences(preferencesOf(get()));
  },
  setSidebarWidth: (width) => {
    const sidebarWidth = Math.round(Math.min(520, Math.max(180, width)));
    set({ sidebarWidth });
    writePreferences(preferencesOf(get()));
  },
  setFormWidth: (width) => {
    const formWidth = Math.round(Math.min(900, Math.max(320, width)));
    set({ formWidth });
    writePreferences(preferencesOf(get()));
  },
  toggleSidebar: () => {
    set((state) => ({ sidebarCollapsed: !state.sidebarCollapsed }));
    writePreferences(preferencesOf(get()));
  },
  setPaletteOpen: (paletteOpen) => set({ paletteOpen }),
  setHelpOpen: (helpOpen) => set({ helpOpen }),
});
