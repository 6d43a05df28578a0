import { BrowserWindow, dialog } from 'electron';
import type { FileDialogs } from '../core/services.ts';

/** What an import reads; its kind is told by the content, so any file may be chosen. */
const IMPORT_FILTERS = [
  { name: 'Postman, OpenAPI or cURL', extensions: ['json', 'yaml', 'yml', 'txt', 'sh', 'curl'] },
  { name: 'All files', extensions: ['*'] },
];

const FILTERS = {
  import: IMPORT_FILTERS,
  vault: [{ name: 'Tokensmith vault', extensions: ['tsvault'] }],
  kdbx: [
    { name: 'KeePass database', extensions: ['kdbx'] },
    { name: 'All files', extensions: ['*'] },
  ],
  any: [{ name: 'All files', extensions: ['*'] }],
};

/** Electron's own save and open dialogs, attached to the focused window. */
export const electronDialogs: FileDialogs = {
  async chooseSavePath(defaultName) {
    const window = BrowserWindow.getFocusedWindow();
    const options = { defaultPath: defaultName };
    const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
    return result.canceled ? undefined : result.filePath;
  },
  async chooseOpenPath(kind = 'vault') {
    const window = BrowserWindow.getFocusedWindow();
    const options = {
      properties: ['openFile' as const],
      filters: FILTERS[kind],
    };
    const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
    return result.canceled ? undefined : result.filePaths[0];
  },
  async chooseFolder(purpose) {
    const window = BrowserWindow.getFocusedWindow();
    const options = {
      title: purpose === 'new-workspace' ? 'New Workspace' : 'Open Workspace',
      buttonLabel: purpose === 'new-workspace' ? 'Create Workspace Here' : 'Open Workspace',
      properties: ['openDirectory' as const, 'createDirectory' as const],
    };
    const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
    return result.canceled ? undefined : result.filePaths[0];
  },
};
