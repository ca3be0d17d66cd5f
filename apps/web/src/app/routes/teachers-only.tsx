import { BUILDER_ROLES, type SessionResponse } from '@labforge/contracts';
import type { ReactNode } from 'react';
import { useSession } from '../../features/auth/api/get-session.js';

export function canBuild(session: SessionResponse | null | undefined): boolean {
  return Boolean(session && BUILDER_ROLES.includes(session.user.role));
}

/** Students see what the page is and who can use it, instead of a page full of 403s. */
export function TeachersOnly({ children }: { children: ReactNode }) {
  const session = useSession();
  if (canBuild(session.data)) return <>{children}</>;
  return (
    <section className="card teachers-only">
      <h1>The Template Builder is for teachers</h1>
      <p>
        Only teachers and administrators can build VMs and templates. You are signed in as{' '}
        <strong>{session.data?.user.display_name}</strong> (student).
      </p>
      <p>Ask your teacher for access to the lab VMs of your class.</p>
    </section>
  );
}
