import { Link, Navigate, NavLink, Outlet, useLocation } from 'react-router';
import { Alert } from '../../components/ui/alert.js';
import { Spinner } from '../../components/ui/spinner.js';
import { useSession } from '../../features/auth/api/get-session.js';
import { UserMenu } from '../../features/auth/components/user-menu.js';
import { paths } from '../../lib/paths.js';
import { RouteFocus } from './route-focus.js';

/** Header and page frame for signed-in users; everyone else goes to the sign-in page. */
export function RootLayout() {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <Spinner label="Loading LabForge…" />;
  if (session.error) {
    return (
      <main className="page">
        <Alert title="LabForge is not reachable">{session.error.message}</Alert>
      </main>
    );
  }
  if (!session.data) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`${paths.login}?next=${next}`} replace />;
  }
  return (
    <>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="app-header">
        <Link to={paths.home} className="brand">
          LabForge
        </Link>
        <nav aria-label="Main">
          <NavLink to={paths.templateBuilder}>Template Builder</NavLink>
          <NavLink to={paths.myVms}>My VMs</NavLink>
          {session.data.user.role === 'student' ? null : (
            <NavLink to={paths.templates}>Templates</NavLink>
          )}
          <NavLink to={paths.isoLibrary}>ISO library</NavLink>
          <NavLink to={paths.scripts}>Scripts</NavLink>
          {/* The API reference is for people who script LabForge, not for students. */}
          {session.data.user.role === 'student' ? null : (
            <a href={paths.apiDocs} target="_blank" rel="noopener noreferrer">
              API docs
            </a>
          )}
        </nav>
        <UserMenu session={session.data} />
      </header>
      <main id="main" className="page">
        <Outlet />
      </main>
      <RouteFocus mainId="main" />
    </>
  );
}
