import { shell } from 'electron';
import { AppError } from '../../shared/domain/errors.ts';
import type { Core, Emit } from '../core/app-core.ts';
import type { Logger } from '../core/log/logger.ts';
import { showAbout, showMessage, type MenuActions } from './menu.ts';

/** The menu's own actions, carried out in main on the same core handlers the window calls. */
export function createMenuActions(options: { core: Core; logger: Logger; logFile: string; emit: Emit }): MenuActions {
  const { core, logger } = options;
  const run = (label: string, action: () => Promise<void>): void => {
    action().catch(async (error: unknown) => {
      if (error instanceof AppError) return showMessage('error', error.message, error.hint);
      logger.error(`menu action failed: ${label}`, { error });
      return showMessage('error', `${label} failed.`, 'The log has the details (Help › Show Log File).');
    });
  };
  return {
    openWorkspace: ({ create, recent }) =>
      run(create ? 'New Workspace' : 'Open Workspace', async () => {
        await core.handlers['workspace:open']({
          ...(create ? { create: true } : {}),
          ...(recent !== undefined ? { recent } : {}),
        });
      }),
    exportRequests: () =>
      run('Export Requests', async () => {
        const { path } = await core.handlers['vault:export']({ withSecrets: false });
        if (path) await showMessage('info', 'Requests and environments exported, without secrets.', path);
      }),
    exportPostman: () =>
      run('Export to Postman', async () => {
        const { path, warnings } = await core.handlers['export:postman']({});
        if (!path) return;
        const detail = [path, ...warnings.map((warning) => `• ${warning}`)].join('\n\n');
        await showMessage(
          warnings.length > 0 ? 'warning' : 'info',
          warnings.length > 0
            ? `Exported to Postman, with ${warnings.length} warning(s): what the file lacks is below.`
            : 'Exported to Postman. Secrets are {{variables}} in it, never values.',
          detail,
        );
      }),
    lockVault: () =>
      run('Lock Vault', async () => {
        await core.handlers['vault:lock']({});
      }),
    showLog: () => shell.showItemInFolder(options.logFile),
    about: () => run('About', showAbout),
    inWindow: (command) => options.emit('menu:command', { command }),
  };
}
