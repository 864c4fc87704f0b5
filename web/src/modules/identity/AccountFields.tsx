import { Alert, PasswordInput, TextInput } from '@mantine/core';

import type { ApiError } from '../../api/client';

export type Account = { name: string; email: string; password: string };

export type AccountFieldsProps = {
  value: Account;
  onChange: (account: Account) => void;
  error: ApiError | null;
};

// The person's name, email and new password, as every sign-up form asks them, with the server's
// messages beside each field, or above the fields when the problem names none.
export function AccountFields({ value, onChange, error }: AccountFieldsProps) {
  const fields = error?.fieldErrors ?? {};
  const set = (key: keyof Account) => (event: { currentTarget: { value: string } }) =>
    onChange({ ...value, [key]: event.currentTarget.value });
  return (
    <>
      {error && Object.keys(fields).length === 0 && (
        <Alert color="red" title={error.title}>
          {error.detail}
        </Alert>
      )}
      <TextInput label="Your name" autoComplete="name" required value={value.name}
        onChange={set('name')} error={fields.name} />
      <TextInput label="Work email" type="email" autoComplete="email" required value={value.email}
        onChange={set('email')} error={fields.email} />
      <PasswordInput label="Password" description="At least 10 characters." required
        autoComplete="new-password" value={value.password}
        onChange={set('password')} error={fields.password} />
    </>
  );
}
