import { BrowserWindow, dialog } from 'electron';
import type { ConfirmDialog } from '../core/services.ts';

/**
 * Electron's native message box, attached to the focused window: a question the renderer can
 * neither see coming nor answer. Cancel is the default and the Escape answer.
 */
export const electronConfirm: ConfirmDialog = {
  async confirm({ title, message, detail, confirmLabel }) {
    const window = BrowserWindow.getFocusedWindow();
    const options = {
      type: 'warning' as const,
      title,
      message,
      detail,
      buttons: ['Cancel', confirmLabel],
      defaultId: 0,
      cancelId: 0,
      noLink: true,
    };
    const { response } = window ? await dialog.showMessageBox(window, options) : await dialog.showMessageBox(options);
    return response === 1;
  },
};
