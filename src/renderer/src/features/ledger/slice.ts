import { formatErrorLine, type Result } from '../../../../shared/domain/errors.ts';
import type { FlowReport } from '../../../../shared/domain/flow-report.ts';
import type { LedgerView } from '../../../../shared/domain/ledger.ts';
import type { Introspection } from '../../../../shared/domain/token.ts';
import { api } from '../../api.ts';
import type { SliceCreator } from '../../store/index.ts';
import { clipboardNote } from '../vault/clipboard-note.ts';

export interface LedgerSlice {
  ledger: LedgerView[];
  /** The exchanges of the last renewal or revocation, to show what happened. */
  ledgerReport: FlowReport | undefined;
  /** What the server said of each token asked about (RFC 7662), or why it could not say. */
  introspections: Record<string, { introspection?: Introspection; error?: string }>;
  /** The answer of each token's UserInfo endpoint, by ledger entry. */
  userinfoReports: Record<string, FlowReport>;
  callingUserinfo: string | undefined;
  callUserinfo: (id: string) => Promise<void>;
  loadLedger: () => Promise<void>;
  introspectToken: (id: string) => Promise<void>;
  forgetIntrospection: (id: string) => void;
  renewToken: (id: string) => Promise<void>;
  /** `values`: what the entry's `revokeNeeds` asks for. */
  revokeToken: (id: string, values?: Record<string, string>) => Promise<void>;
  deleteToken: (id: string) => Promise<void>;
  copyLedgerToken: (id: string) => Promise<void>;
  listenForLedger: () => () => void;
}

export const createLedgerSlice: SliceCreator<LedgerSlice> = (set, get) => {
  async function act(call: Promise<Result<FlowReport>>, done: string): Promise<void> {
    const result = await call;
    if (!result.ok) {
      get().failed(result.error);
      return;
    }
    set({ ledgerReport: result.value });
    if (result.value.error) get().failed(result.value.error);
    else get().notify(done);
    await get().loadLedger();
  }
  return {
    ledger: [],
    ledgerReport: undefined,
    introspections: {},
    userinfoReports: {},
    callingUserinfo: undefined,
    callUserinfo: async (id) => {
      set({ callingUserinfo: id });
      const result = await api()['ledger:userinfo']({ id });
      set({ callingUserinfo: undefined });
      if (!result.ok) {
        get().failed(result.error);
        return;
      }
      set((state) => ({ userinfoReports: { ...state.userinfoReports, [id]: result.value } }));
    },
    introspectToken: async (id) => {
      const result = await api()['ledger:introspect']({ id });
      // Shown beside the token it was asked for, where the user looks for the answer.
      const answer = !result.ok
        ? { error: formatErrorLine(result.error) }
        : result.value.introspection
          ? { introspection: result.value.introspection }
          : { error: result.value.report.error ? formatErrorLine(result.value.report.error) : 'No answer.' };
      if (result.ok) set({ ledgerReport: result.value.report });
      set((state) => ({ introspections: { ...state.introspections, [id]: answer } }));
    },
    forgetIntrospection: (id) =>
      set((state) => {
        const { [id]: _forgotten, ...rest } = state.introspections;
        return { introspections: rest };
      }),
    loadLedger: async () => {
      const result = await api()['ledger:list']({});
      // Also run on every change main reports: a stale list of tokens must say so, not look current.
      if (result.ok) set({ ledger: result.value });
      else get().failed(result.error);
    },
    renewToken: (id) => act(api()['ledger:renew']({ id }), 'Token renewed.'),
    revokeToken: (id, values) => act(api()['ledger:revoke']({ id, ...(values ? { values } : {}) }), 'Token revoked.'),
    deleteToken: async (id) => {
      const result = await api()['ledger:delete']({ id });
      if (!result.ok) get().failed(result.error);
      await get().loadLedger();
    },
    copyLedgerToken: async (id) => {
      const result = await api()['ledger:copy']({ id });
      if (result.ok)
        get().notify(`Access token copied to the clipboard.${clipboardNote(result.value.clearsInSeconds)}`);
      else get().failed(result.error);
    },
    listenForLedger: () =>
      api().on('ledger:changed', () => {
        void get().loadLedger();
      }),
  };
};
