import type { Handlers } from '../ipc/dispatch.ts';
import { findProfile, type CoreServices } from '../services.ts';

type WorkspaceHandlers = Pick<Handlers, 'secrets:masks' | 'requests:list' | 'requests:save' | 'requests:delete'>;

export function workspaceHandlers(services: CoreServices): WorkspaceHandlers {
  const { workspace } = services;
  return {
    'secrets:masks': ({ profileId, savedRequestId }) =>
      workspace.masks(
        savedRequestId ? { kind: 'request', id: savedRequestId } : { kind: 'draft', profileId },
        findProfile(services.profiles, profileId),
      ),
    'requests:list': () => ({ requests: workspace.requests(), environments: workspace.environments() }),
    'requests:save': (input) => workspace.saveRequest(input),
    'requests:delete': async ({ id }) => {
      await workspace.deleteRequest(id);
      return { deleted: true };
    },
  };
}
