import { Alert, Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';

import { ApiError } from '../api/client';
import { useRequestPasswordReset } from '../modules/identity/api';
import { AuthCard } from '../modules/identity/AuthCard';

export function ForgotPasswordPage() {
  const [email, setEmail] = useState('');
  const request = useRequestPasswordReset();
  const error = request.error instanceof ApiError ? request.error : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    request.mutate({ email });
  };

  return (
    <AuthCard title="Reset your password" subtitle="We email you a link to choose a new one.">
      {request.isSuccess ? (
        <Stack>
          <Alert color="green" title="Check your inbox" role="status">
            If an account uses {email}, a link to choose a new password is on its way. It works once,
            for an hour.
          </Alert>
          <Anchor component={Link} to="/login" ta="center" underline="always">
            Back to sign in
          </Anchor>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            {error && Object.keys(error.fieldErrors).length === 0 && (
              <Alert color="red" title={error.title}>
                {error.detail}
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
            <Button type="submit" loading={request.isPending} fullWidth>
              Email me a link
            </Button>
            <Text size="sm" ta="center">
              Remembered it?{' '}
              <Anchor component={Link} to="/login" underline="always">
                Sign in
              </Anchor>
            </Text>
          </Stack>
        </form>
      )}
    </AuthCard>
  );
}
