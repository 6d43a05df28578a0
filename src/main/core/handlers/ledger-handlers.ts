import { toFlowReport } from '../flow/report.ts';
import type { Handlers } from '../ipc/dispatch.ts';
import type { CoreServices } from '../services.ts';

type LedgerHandlers = Pick<
  Handlers,
  | 'ledger:list'
  | 'ledger:renew'
  | 'ledger:revoke'
  | 'ledger:introspect'
  | 'ledger:userinfo'
  | 'ledger:delete'
  | 'ledger:copy'
>;

export function ledgerHandlers(services: CoreServices): LedgerHandlers {
  const { ledger, runs } = services;
  return {
    'ledger:list': async () => {
      // Tokens another process (the command line) got since are opened and listed too.
      if (services.stores.ledger.refresh() && services.vault.unlocked) await services.tokens.load();
      const requests = services.workspace.requests();
      return ledger.views().map((view) => ({
        ...view,
        requestIds: requests.filter((request) => ledger.belongsTo(view.id, request)).map((request) => request.id),
      }));
    },
    'ledger:renew': async ({ id }) => {
      const run = await ledger.renew(id);
      runs.add(run);
      return toFlowReport(run, id);
    },
    'ledger:revoke': async ({ id, values }) => {
      const run = await ledger.revoke(id, values);
      runs.add(run);
      return toFlowReport(run, id);
    },
    'ledger:introspect': async ({ id }) => {
      const { run, introspection } = await ledger.introspect(id);
      runs.add(run);
      return { report: toFlowReport(run), ...(introspection ? { introspection } : {}) };
    },
    'ledger:userinfo': async ({ id }) => {
      const run = await ledger.userinfo(id, services.http);
      runs.add(run);
      services.history?.record(toFlowReport(run));
      return toFlowReport(run);
    },
    'ledger:delete': ({ id }) => {
      ledger.delete(id);
      return { deleted: true };
    },
    'ledger:copy': async ({ id }) => {
      return { copied: true, ...(await services.clipboard.writeSecret(ledger.accessToken(id))) };
    },
  };
}
