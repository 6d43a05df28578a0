import { useShallow } from 'zustand/react/shallow';
import { PROFILES } from '../../../../../shared/providers/index.ts';
import { useStore } from '../../../store/index.ts';

export function ProviderPicker() {
  const { profileId, selectProfile } = useStore(
    useShallow((state) => ({ profileId: state.profileId, selectProfile: state.selectProfile })),
  );
  return (
    <label className="picker">
      <span className="picker-label">Provider</span>
      <select value={profileId} onChange={(event) => selectProfile(event.target.value)}>
        {PROFILES.map((profile) => (
          <option key={profile.id} value={profile.id}>
            {profile.name}
          </option>
        ))}
      </select>
    </label>
  );
}
