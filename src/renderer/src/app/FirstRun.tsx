import { useShallow } from 'zustand/react/shallow';
import { PROFILES } from '../../../shared/providers/index.ts';
import { ImportLink } from '../features/interop/components/InteropEntries.tsx';
import { useStore } from '../store/index.ts';

/** The empty state: every provider Tokensmith knows, and the generic OAuth 2.0 profile. */
export function FirstRun() {
  const { openDraft, hasRequests } = useStore(
    useShallow((state) => ({ openDraft: state.openDraft, hasRequests: state.requests.length > 0 })),
  );
  return (
    <section className="first-run" aria-labelledby="first-run-title">
      <h1 id="first-run-title">{hasRequests ? 'New request' : 'Get your first token'}</h1>
      <p className="summary">
        Pick a provider. Each one knows its quirks and says which field to fix when something goes wrong.
      </p>
      <ul className="provider-cards">
        {PROFILES.map((profile) => (
          <li key={profile.id}>
            <button type="button" className="provider-card" onClick={() => openDraft(profile.id)}>
              <span className="provider-name">{profile.name}</span>
              <span className="provider-summary">{profile.summary}</span>
            </button>
          </li>
        ))}
      </ul>
      <p className="note first-run-import">
        Requests in a cURL command, a Postman collection or an OpenAPI document? <ImportLink>Import them…</ImportLink>
      </p>
    </section>
  );
}
