import { zodResolver } from '@hookform/resolvers/zod';
import { loginRequestSchema } from '@labforge/contracts';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { ApiError } from '../../../lib/api-client.js';
import { Alert } from '../../../components/ui/alert.js';
import { Field } from '../../../components/ui/field.js';
import { useLogin } from '../api/login.js';

type LoginValues = z.infer<typeof loginRequestSchema>;

export function LoginForm({ onSuccess }: { onSuccess?: () => void }) {
  const login = useLogin();
  const form = useForm<LoginValues>({
    resolver: zodResolver(loginRequestSchema),
    defaultValues: { username: '', password: '' },
  });
  const { errors } = form.formState;
  const onSubmit = form.handleSubmit((values) => login.mutate(values, { onSuccess }));

  return (
    <form className="card login-form" onSubmit={onSubmit} noValidate aria-labelledby="login-title">
      <h1 id="login-title">Sign in to LabForge</h1>
      <Field label="Username" error={errors.username?.message}>
        <input type="text" autoComplete="username" {...form.register('username')} />
      </Field>
      <Field label="Password" error={errors.password?.message}>
        <input type="password" autoComplete="current-password" {...form.register('password')} />
      </Field>
      {login.error ? (
        <Alert title="Sign-in failed">
          <p>
            {login.error instanceof ApiError && login.error.status === 401
              ? 'The username or password is wrong.'
              : login.error.message}
          </p>
        </Alert>
      ) : null}
      <button type="submit" className="button-primary" disabled={login.isPending}>
        {login.isPending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
