import { toFlowReport } from '../flow/report.ts';
import type { Handlers } from '../ipc/dispatch.ts';
import type { CoreServices } from '../services.ts';

type LedgerHandlers = Pick<
  Handlers,
  'ledger:list' | 'ledger:renew' | 'ledger:revoke' | 'ledger:delete' | 'ledger:copy'
>;

export function ledgerHandlers(services: CoreServices): LedgerHandlers {
  const { ledger, runs } = services;
  return {
    'ledger:list': () => {
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
    'ledger:revoke': async ({ id }) => {
      const run = await ledger.revoke(id);
      runs.add(run);
      return toFlowReport(run, id);
    },
    'ledger:delete': ({ id }) => {
      ledger.delete(id);
      return { deleted: true };
    },
    'ledger:copy': async ({ id }) => {
      await services.clipboard.writeText(ledger.accessToken(id));
      return { copied: true };
    },
  };
}
