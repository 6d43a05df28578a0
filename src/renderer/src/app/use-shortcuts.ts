import { useEffect } from 'react';
import { useStore } from '../store/index.ts';

/** The app-wide keyboard shortcuts (listed in the shortcuts sheet). */
export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (!(event.ctrlKey || event.metaKey)) return;
      // A dialog owns the keyboard: Ctrl+Enter in it must not run the request behind it, nor Ctrl+S save it.
      if (event.target instanceof Element && event.target.closest('dialog[open]')) return;
      const state = useStore.getState();
      const key = event.key.toLowerCase();
      if (key === 'enter') void state.runGrant();
      else if (key === 's') void state.saveEditor();
      else if (key === 'k') state.setPaletteOpen(true);
      else if (key === 'o' && !state.vault?.locked) state.openImport();
      else if (key === '/') state.setHelpOpen(true);
      else if (key === 'b') state.toggleSidebar();
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
