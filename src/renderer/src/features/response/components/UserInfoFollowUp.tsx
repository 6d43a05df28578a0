import { useShallow } from 'zustand/react/shallow';
import type { LedgerView } from '../../../../../shared/domain/ledger.ts';
import { useStore } from '../../../store/index.ts';
import { ReportView } from './ReportView.tsx';

/**
 * OpenID Connect's UserInfo, offered as the follow-up of a sign-in whose issuer names the endpoint:
 * the token (with its DPoP proof or certificate) sent there, and the claims that come back.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#UserInfo
 */
export function UserInfoFollowUp({ kept }: { kept: LedgerView }) {
  const { report, calling, callUserinfo } = useStore(
    useShallow((state) => ({
      report: state.userinfoReports[kept.id],
      calling: state.callingUserinfo === kept.id,
      callUserinfo: state.callUserinfo,
    })),
  );
  return (
    <section className="userinfo" aria-label="UserInfo">
      <div className="userinfo-head">
        <h3>Who signed in</h3>
        <button
          type="button"
          onClick={() => void callUserinfo(kept.id)}
          disabled={calling || kept.status === 'expired' || kept.status === 'revoked'}
        >
          {calling ? 'Calling UserInfo…' : report ? 'Call UserInfo again' : 'Call UserInfo'}
        </button>
      </div>
      {report ? (
        <ReportView report={report} selectedStepId="userinfo" onSelectStep={() => undefined} />
      ) : (
        <p className="help">The issuer’s UserInfo endpoint tells who the token belongs to.</p>
      )}
    </section>
  );
}
