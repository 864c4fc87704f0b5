import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';

import { ApiError } from '../api/client';
import { useLogin } from '../modules/identity/api';
import { AuthCard } from '../modules/identity/AuthCard';

export function LogInPage() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const login = useLogin();
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const error = login.error instanceof ApiError ? login.error : null;
  // Back to where the person was going: a page behind the sign-in, or an invitation link.
  const from = (location.state as { from?: string } | null)?.from;
  const next = params.get('next');
  const target = next?.startsWith('/') && !next.startsWith('//') ? next : from ?? '/';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate({ email, password }, { onSuccess: () => navigate(target) });
  };

  return (
    <AuthCard
      title="Sign in to Strata"
      subtitle="One login for all your vendors, distributors and partners."
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          {error && (
            <Alert color="red" title={error.status === 429 ? 'Too many attempts' : 'Cannot sign in'}>
              {error.detail || error.title}
            </Alert>
          )}
          <TextInput
            label="Email"
            type="email"
            autoComplete="email"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={error?.fieldErrors.email}
          />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={error?.fieldErrors.password}
          />
          <Anchor component={Link} to="/forgot-password" size="sm" underline="always">
            Forgot your password?
          </Anchor>
          <Button type="submit" loading={login.isPending} fullWidth>
            Sign in
          </Button>
          <Text size="sm" ta="center">
            New to Strata?{' '}
            <Anchor component={Link} to="/signup" underline="always">
              Create an account
            </Anchor>
          </Text>
        </Stack>
      </form>
    </AuthCard>
  );
}
