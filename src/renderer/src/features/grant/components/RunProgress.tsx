import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { activeSteps } from '../../../../../shared/domain/profile.ts';
import { findProfile } from '../../../../../shared/providers/index.ts';
import { useStore } from '../../../store/index.ts';

const STATE_LABEL: Record<string, string> = {
  sending: 'in progress',
  'waiting-browser': 'waiting for the browser',
  'waiting-device': 'waiting for approval',
  done: 'done',
  failed: 'failed',
};

/** The run in flight: each step's state, and what the user must do in the browser. */
export function RunProgress() {
  const { running, profileId, values, pasteRedirect, copyLink } = useStore(
    useShallow((state) => ({
      running: state.running,
      profileId: state.editor?.profileId ?? '',
      values: state.editor ? state.values[state.editor.key] : undefined,
      pasteRedirect: state.pasteRedirect,
      copyLink: state.copyLink,
    })),
  );
  const [pasted, setPasted] = useState('');
  const profile = findProfile(profileId);
  if (!running || !profile) return null;
  const waiting = Object.values(running.progress).find(
    (step) => step.state === 'waiting-browser' || step.state === 'waiting-device',
  );

  return (
    <div className="run-progress" aria-busy="true" aria-live="polite">
      <p className="empty-title">Getting a token…</p>
      <ol className="progress">
        {[
          ...activeSteps(profile, values ?? {}),
          ...(profile.check ? [{ id: 'check', title: profile.check.title }] : []),
        ].map((step) => {
          const state = running.progress[step.id]?.state ?? 'waiting';
          return (
            <li key={step.id} data-state={state}>
              {step.title}
              {state in STATE_LABEL ? <span className="step-state"> — {STATE_LABEL[state]}</span> : null}
            </li>
          );
        })}
      </ol>
      {waiting?.url ? (
        <div className="browser-wait">
          {waiting.userCode ? (
            <p>
              Enter the code <strong className="user-code">{waiting.userCode}</strong> on the verification page.
            </p>
          ) : (
            <p>Finish the authorization in your browser. If it did not open, open this address:</p>
          )}
          <div className="input-row">
            <input
              readOnly
              aria-label="Address to open"
              value={waiting.url}
              onFocus={(event) => event.target.select()}
            />
            <button type="button" onClick={() => void copyLink(waiting.url!)}>
              Copy
            </button>
          </div>
          {waiting.state === 'waiting-browser' ? (
            <form
              className="paste-redirect"
              onSubmit={(event) => {
                event.preventDefault();
                void pasteRedirect(pasted);
              }}
            >
              <label htmlFor="pasted-redirect">
                If the browser could not come back to Tokensmith, paste the address it ended on:
              </label>
              <div className="input-row">
                <input
                  id="pasted-redirect"
                  value={pasted}
                  placeholder="http://127.0.0.1:…/callback?code=…&state=…"
                  onChange={(event) => setPasted(event.target.value)}
                />
                <button type="submit">Use it</button>
              </div>
            </form>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
