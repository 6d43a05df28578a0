import { randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/domain/errors.ts';
import type { SavedRequest } from '../../../shared/domain/workspace.ts';
import type { Handlers } from '../ipc/dispatch.ts';
import { requireProfile } from '../../../shared/providers/index.ts';
import type { CoreServices } from '../services.ts';

type WorkspaceHandlers = Pick<
  Handlers,
  | 'secrets:masks'
  | 'workspace:current'
  | 'workspace:open'
  | 'requests:list'
  | 'requests:save'
  | 'requests:delete'
  | 'requests:undo-delete'
  | 'requests:duplicate'
  | 'requests:move'
  | 'environments:save'
  | 'environments:delete'
>;

/** How long a deleted request can be brought back. */
const UNDO_WINDOW_MS = 60_000;

export function workspaceHandlers(services: CoreServices): WorkspaceHandlers {
  const { workspace } = services;
  const deleted = new Map<string, { request: SavedRequest; timer: NodeJS.Timeout }>();
  return {
    'workspace:current': () => services.workspaces.current(),
    'workspace:open': async ({ recent, create }) => {
      let dir: string | undefined;
      if (recent !== undefined) {
        if (!services.workspaces.current().recent.includes(recent))
          throw new AppError('INVALID_INPUT', 'That folder is not one of the recent workspaces.', {
            hint: 'Choose it with Open Workspace… instead.',
          });
        dir = recent;
      } else {
        if (!services.dialogs) throw new AppError('NOT_SUPPORTED', 'Folders cannot be chosen here.');
        dir = await services.dialogs.chooseFolder(create ? 'new-workspace' : 'open-workspace');
        if (!dir) return { dir: null };
      }
      await services.workspaces.open(dir, { create: create === true });
      return { dir: services.workspaces.current().dir };
    },
    'secrets:masks': ({ profileId, savedRequestId }) =>
      workspace.masks(
        savedRequestId ? { kind: 'request', id: savedRequestId } : { kind: 'draft', profileId },
        requireProfile(profileId, services.profiles),
      ),
    'requests:list': () => {
      // A command-line import may have sealed secrets since: take them in (a stat when not).
      services.stores.vault.refresh();
      return {
        requests: workspace.requests(),
        environments: workspace.environments(),
        problems: workspace.files.problems(),
      };
    },
    'requests:save': (input) => workspace.saveRequest(input),
    'requests:delete': ({ id }) => {
      const request = workspace.deleteRequest(id);
      const undoId = randomUUID();
      const timer = setTimeout(() => deleted.delete(undoId), UNDO_WINDOW_MS);
      timer.unref();
      deleted.set(undoId, { request, timer });
      return { undoId };
    },
    'requests:undo-delete': ({ undoId }) => {
      const removed = deleted.get(undoId);
      if (!removed) throw new AppError('UNKNOWN_SAVED_REQUEST', 'It is too late to undo that delete.');
      clearTimeout(removed.timer);
      deleted.delete(undoId);
      return workspace.restoreRequest(removed.request);
    },
    'requests:duplicate': ({ id }) => workspace.duplicateRequest(id),
    'requests:move': ({ id, folder, beforeId }) => workspace.moveRequest(id, folder, beforeId),
    'environments:save': (environment) => {
      requireProfile(environment.profileId, services.profiles);
      return workspace.saveEnvironment(environment);
    },
    'environments:delete': ({ id }) => {
      workspace.deleteEnvironment(id);
      return { deleted: true };
    },
  };
}
