import { useEffect } from 'react';
import { api } from '../api.ts';
import { useStore } from '../store/index.ts';

/** The application menu's items that open something in the window (File › Import…, View › Command Palette…). */
export function useMenuCommands(): void {
  useEffect(
    () =>
      api().on('menu:command', ({ command }) => {
        const state = useStore.getState();
        if (command === 'palette') state.setPaletteOpen(true);
        else if (command === 'shortcuts') state.setHelpOpen(true);
        // Import and the vault's dialogs need an open vault, as their buttons do.
        else if (state.vault?.locked) state.notify('Unlock the vault first.');
        else if (command === 'import') state.openImport();
        else state.setVaultTransfer(command === 'export-vault' ? 'export' : 'import');
      }),
    [],
  );
}
