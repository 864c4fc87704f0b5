import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  Group,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';

import { ApiError } from '../api/client';
import { isAdmin, type Me, type OrgKind, useMe, useSignup } from '../modules/identity/api';
import { useTakeUpInvitation } from '../modules/network/api';
import { type Account, AccountFields } from '../modules/identity/AccountFields';
import { AuthCard } from '../modules/identity/AuthCard';

const KINDS: { value: OrgKind; label: string }[] = [
  { value: 'vendor', label: 'Vendor' },
  { value: 'distributor', label: 'Distributor' },
  { value: 'reseller', label: 'Reseller / partner' },
];

// Someone already signed in who follows a partner invitation takes it up for its organisation.
function TakeUpForOrg({ me, token }: { me: Me; token: string }) {
  const takeUp = useTakeUpInvitation();
  const navigate = useNavigate();
  const error = takeUp.error instanceof ApiError ? takeUp.error : null;
  return (
    <AuthCard title="You were invited" subtitle={`You are signed in to ${me.org.name}.`}>
      <Stack>
        {error && (
          <Alert color="red" title="Cannot take up the invitation">
            {error.detail || error.title}
          </Alert>
        )}
        {isAdmin(me.role) ? (
          <Button onClick={() => takeUp.mutate(token, { onSuccess: () => navigate('/network') })}
            loading={takeUp.isPending} fullWidth>
            Take up the invitation for {me.org.name}
          </Button>
        ) : (
          <Alert color="yellow" title="Owners and admins only">
            Ask an owner or admin of {me.org.name} to open this link.
          </Alert>
        )}
        <Anchor component={Link} to="/network" ta="center" underline="always">
          Not now
        </Anchor>
      </Stack>
    </AuthCard>
  );
}

export function SignUpPage() {
  const [params] = useSearchParams();
  // A partner invited by email arrives with the invitation's token.
  const invitation = params.get('invitation') ?? undefined;
  const me = useMe();
  const [account, setAccount] = useState<Account>({
    name: '',
    email: params.get('email') ?? '',
    password: '',
  });
  const [orgName, setOrgName] = useState('');
  const [kinds, setKinds] = useState<OrgKind[]>([]);
  const signup = useSignup();
  const navigate = useNavigate();
  const error = signup.error instanceof ApiError ? signup.error : null;
  const fields = error?.fieldErrors ?? {};

  const submit = (event: FormEvent) => {
    event.preventDefault();
    signup.mutate(
      { ...account, org: { name: orgName, kinds }, invitation },
      { onSuccess: () => navigate('/network') },
    );
  };

  if (invitation && me.data) return <TakeUpForOrg me={me.data} token={invitation} />;

  return (
    <AuthCard title="Create your account" subtitle="Your organisation's own side of the channel.">
      <form onSubmit={submit} noValidate>
        <Stack>
          {invitation && (
            <Alert color="strata" title="You were invited" role="status">
              Create your account to see the invitation waiting for your organisation.
            </Alert>
          )}
          <AccountFields value={account} onChange={setAccount} error={error} />
          <TextInput label="Organisation name" autoComplete="organization" required value={orgName}
            onChange={(e) => setOrgName(e.currentTarget.value)} error={fields['org.name']} />
          <Checkbox.Group label="Your organisation is a" required value={kinds}
            onChange={(value) => setKinds(value as OrgKind[])} error={fields['org.kinds']}>
            <Group mt="xs">
              {KINDS.map((kind) => (
                <Checkbox key={kind.value} value={kind.value} label={kind.label} />
              ))}
            </Group>
          </Checkbox.Group>
          <Button type="submit" loading={signup.isPending} fullWidth>
            Create account
          </Button>
          <Text size="sm" ta="center">
            Have an account?{' '}
            <Anchor component={Link} to="/login" underline="always">
              Sign in
            </Anchor>
          </Text>
        </Stack>
      </form>
    </AuthCard>
  );
}
