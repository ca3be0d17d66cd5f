import type { SessionResponse } from '@labforge/contracts';
import { useSelectCluster } from '../api/select-cluster.js';
import { useLogout } from '../api/logout.js';

const ROLE_LABELS = { admin: 'Administrator', teacher: 'Teacher', student: 'Student' } as const;

/** The header's right side: cluster switcher (when there is a choice), user, role, sign out. */
export function UserMenu({ session }: { session: SessionResponse }) {
  const logout = useLogout();
  const selectCluster = useSelectCluster();
  return (
    <div className="user-menu">
      {session.clusters.length > 1 ? (
        <label className="cluster-switcher">
          <span>Cluster</span>
          <select
            value={session.cluster_id}
            disabled={selectCluster.isPending}
            onChange={(event) => selectCluster.mutate(event.target.value)}
          >
            {session.clusters.map((cluster) => (
              <option key={cluster.id} value={cluster.id}>
                {cluster.name}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <span className="user-identity" aria-label="Signed in user">
        <strong>{session.user.display_name}</strong>{' '}
        <span className="role-badge">{ROLE_LABELS[session.user.role]}</span>
      </span>
      <button
        type="button"
        className="button-ghost"
        onClick={() => logout.mutate()}
        disabled={logout.isPending}
      >
        Sign out
      </button>
      {selectCluster.error ? (
        <span role="alert" className="field-error">
          Could not switch cluster: {selectCluster.error.message}
        </span>
      ) : null}
    </div>
  );
}
