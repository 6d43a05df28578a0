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
    'ledger:list': async () => {
      // Tokens another process (the command line) got since are opened and listed too.
      if (services.store.refresh() && services.vault.unlocked) await services.tokens.load();
      return ledger.views();
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
      return { copied: true, ...(await services.clipboard.writeSecret(ledger.accessToken(id))) };
    },
  };
}
