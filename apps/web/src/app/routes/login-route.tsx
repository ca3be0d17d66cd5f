import { Navigate, useSearchParams } from 'react-router';
import { Spinner } from '../../components/ui/spinner.js';
import { useSession } from '../../features/auth/api/get-session.js';
import { LoginForm } from '../../features/auth/components/login-form.js';
import { paths } from '../../lib/paths.js';

/** Only same-site paths are followed after sign-in (no open redirect through `next`). */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) {
    return paths.templateBuilder;
  }
  return next;
}

export function LoginRoute() {
  const session = useSession();
  const [params] = useSearchParams();
  if (session.isPending) return <Spinner label="Loading LabForge…" />;
  if (session.data) return <Navigate to={safeNext(params.get('next'))} replace />;
  return (
    <main className="page page-narrow">
      <LoginForm />
    </main>
  );
}
