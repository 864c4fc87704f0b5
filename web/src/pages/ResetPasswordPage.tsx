import { Alert, Anchor, Button, PasswordInput, Stack } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';

import { ApiError } from '../api/client';
import { useCompletePasswordReset } from '../modules/identity/api';
import { AuthCard } from '../modules/identity/AuthCard';

export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const reset = useCompletePasswordReset();
  const error = reset.error instanceof ApiError ? reset.error : null;
  const linkProblem = error?.fieldErrors.token;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMismatch(password !== confirmation);
    if (password !== confirmation) return;
    reset.mutate({ token, password });
  };

  if (reset.isSuccess) {
    return (
      <AuthCard title="Password changed" subtitle="Every other session of your account has ended.">
        <Stack>
          <Alert color="green" title="All set" role="status">
            Sign in with your new password.
          </Alert>
          <Button component={Link} to="/login" fullWidth>
            Sign in
          </Button>
        </Stack>
      </AuthCard>
    );
  }

  return (
    <AuthCard title="Choose a new password" subtitle="At least 10 characters, and not a common one.">
      <form onSubmit={submit} noValidate>
        <Stack>
          {(linkProblem || !token) && (
            <Alert color="red" title="This link does not work">
              {linkProblem ? error?.detail : 'The link is incomplete.'}{' '}
              <Anchor component={Link} to="/forgot-password" underline="always">
                Ask for a new one
              </Anchor>
              .
            </Alert>
          )}
          <PasswordInput
            label="New password"
            autoComplete="new-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={error?.fieldErrors.password}
          />
          <PasswordInput
            label="New password again"
            autoComplete="new-password"
            required
            value={confirmation}
            onChange={(e) => setConfirmation(e.currentTarget.value)}
            error={mismatch ? 'does not match the first one' : undefined}
          />
          <Button type="submit" loading={reset.isPending} disabled={!token} fullWidth>
            Set the new password
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
