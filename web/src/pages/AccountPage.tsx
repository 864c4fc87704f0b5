import { Alert, Button, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';

import { ApiError } from '../api/client';
import { useChangePassword, useMe } from '../modules/identity/api';
import { PageHeader } from '../modules/ui/PageHeader';

// The signed-in person's own account: changing the password ends every other session.
export function AccountPage() {
  const me = useMe();
  const change = useChangePassword();
  const [current, setCurrent] = useState('');
  const [chosen, setChosen] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const error = change.error instanceof ApiError ? change.error : null;
  const fields = error?.fieldErrors ?? {};

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const differs = chosen !== confirmation;
    setMismatch(differs);
    if (differs) return;
    change.mutate(
      { current_password: current, new_password: chosen },
      {
        onSuccess: () => {
          setCurrent('');
          setChosen('');
          setConfirmation('');
        },
      },
    );
  };

  return (
    <Stack maw={560}>
      <PageHeader title="Your account" description={me.data ? `${me.data.user.name} · ${me.data.user.email}` : undefined} />
      <Paper withBorder p="md" component="section" aria-labelledby="password-heading">
        <Title order={2} size="h4" id="password-heading">Change password</Title>
        <Text c="dimmed" size="sm" mb="md">
          At least 10 characters, and not a common one. Every other session of your account ends: anyone signed in
          as you elsewhere is signed out.
        </Text>
        <form onSubmit={submit} noValidate>
          <Stack>
            {change.isSuccess && (
              <Alert color="green" title="Password changed" role="status">
                You were signed out on every other device. This browser stays signed in.
              </Alert>
            )}
            {error && !fields.current_password && !fields.new_password && (
              <Alert color="red" title="The password was not changed">{error.detail}</Alert>
            )}
            <PasswordInput
              label="Current password"
              autoComplete="current-password"
              required
              value={current}
              onChange={(e) => setCurrent(e.currentTarget.value)}
              error={fields.current_password}
            />
            <PasswordInput
              label="New password"
              autoComplete="new-password"
              required
              value={chosen}
              onChange={(e) => setChosen(e.currentTarget.value)}
              error={fields.new_password}
            />
            <PasswordInput
              label="Repeat the new password"
              autoComplete="new-password"
              required
              value={confirmation}
              onChange={(e) => setConfirmation(e.currentTarget.value)}
              error={mismatch ? 'does not match the new password' : undefined}
            />
            <Button type="submit" loading={change.isPending} style={{ alignSelf: 'flex-start' }}>
              Change password
            </Button>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
