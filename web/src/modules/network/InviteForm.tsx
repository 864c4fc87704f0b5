import { Alert, Button, Group, NativeSelect, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';

import { ApiError } from '../../api/client';
import type { OrgKind } from '../identity/api';
import { type InviteKind, useInvite } from './api';

export type InviteFormProps = { kinds: OrgKind[] };

// Invites an organisation, by the email of one of its members, as a distributor or reseller.
export function InviteForm({ kinds }: InviteFormProps) {
  const options: { value: InviteKind; label: string }[] = kinds.includes('vendor')
    ? [
        { value: 'reseller', label: 'Reseller' },
        { value: 'distributor', label: 'Distributor' },
      ]
    : [{ value: 'reseller', label: 'Reseller' }];
  const [email, setEmail] = useState('');
  const [kind, setKind] = useState(options[0].value);
  const invite = useInvite();
  const error = invite.error instanceof ApiError ? invite.error : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    invite.mutate({ email, kind }, { onSuccess: () => setEmail('') });
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Invite an organisation">
      <Group align="flex-start">
        <TextInput
          label="Email of a member"
          type="email"
          placeholder="partner@example.com"
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
          error={error?.fieldErrors.email ?? error?.fieldErrors.org_id}
          style={{ flex: 1 }}
        />
        <NativeSelect
          label="Invite as"
          data={options}
          value={kind}
          onChange={(event) => setKind(event.currentTarget.value as InviteKind)}
          error={error?.fieldErrors.kind}
          w={180}
        />
        <Button type="submit" mt={25} loading={invite.isPending}>
          Send invitation
        </Button>
      </Group>
      {error && Object.keys(error.fieldErrors).length === 0 && (
        <Alert color="red" mt="sm" title={error.title}>
          {error.detail}
        </Alert>
      )}
      {invite.isSuccess && (
        <Alert color="green" mt="sm" title="Invitation sent" role="status">
          {invite.data.downstream.awaiting_sign_up
            ? `${invite.data.downstream.name} is not on Strata yet: we emailed a link to sign up and accept.`
            : `${invite.data.downstream.name} sees your invitation on its network page.`}
        </Alert>
      )}
    </form>
  );
}
