import { Suspense } from 'react';
import { Link, Navigate, NavLink, Outlet, useLocation } from 'react-router';
import { Alert } from '../../components/ui/alert.js';
import { Spinner } from '../../components/ui/spinner.js';
import { useSession } from '../../features/auth/api/get-session.js';
import { UserMenu } from '../../features/auth/components/user-menu.js';
import { paths } from '../../lib/paths.js';
import { lazyPages, type LazyPage } from '../lazy-pages.js';
import { PageLoading } from './page-loading.js';
import { RouteFocus } from './route-focus.js';

/** A pointer over a link or the keyboard on it: start downloading that page's code. */
function preloadOn(page: LazyPage) {
  const preload = () => void page.preload().catch(() => undefined);
  return { onPointerEnter: preload, onFocus: preload };
}

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
          <NavLink to={paths.myVms} {...preloadOn(lazyPages.myVms)}>
            My VMs
          </NavLink>
          {session.data.user.role === 'student' ? null : (
            <NavLink to={paths.templates} {...preloadOn(lazyPages.templates)}>
              Templates
            </NavLink>
          )}
          <NavLink to={paths.isoLibrary} {...preloadOn(lazyPages.isoLibrary)}>
            ISO library
          </NavLink>
          <NavLink to={paths.scripts} {...preloadOn(lazyPages.scripts)}>
            Scripts
          </NavLink>
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
        {/* Pages other than the builder load on first use (lazy-pages.tsx). */}
        <Suspense fallback={<PageLoading />}>
          <Outlet />
        </Suspense>
      </main>
      <RouteFocus mainId="main" />
    </>
  );
}
