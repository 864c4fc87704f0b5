import { Alert, Anchor, Button, Center, Loader, Stack, Text } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';

import { ApiError } from '../api/client';
import { useLogout, useMe, useSignup, useSwitchOrg } from '../modules/identity/api';
import { type Account, AccountFields } from '../modules/identity/AccountFields';
import { AuthCard } from '../modules/identity/AuthCard';
import { useAcceptInvitation } from '../modules/team/api';

// Where a team invitation's link lands: a signed-in person accepts it; someone new creates an
// account that joins the team straight away.
export function JoinPage() {
  const { token = '' } = useParams();
  const me = useMe();
  if (me.isPending) {
    return (
      <Center mih="100vh" role="status">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  return me.data ? <AcceptAsMember token={token} who={me.data.user.email} /> : <JoinAsNewPerson token={token} />;
}

function AcceptAsMember({ token, who }: { token: string; who: string }) {
  const accept = useAcceptInvitation();
  const switchOrg = useSwitchOrg();
  const logout = useLogout();
  const navigate = useNavigate();
  const error = accept.error instanceof ApiError ? accept.error : null;

  const join = () =>
    accept.mutate(token, {
      onSuccess: (invitation) =>
        switchOrg.mutate({ org_id: invitation.org_id }, { onSuccess: () => navigate('/') }),
    });

  return (
    <AuthCard title="Join the team" subtitle={`You are signed in as ${who}.`}>
      <Stack>
        {error && (
          <Alert color="red" title="Cannot join">
            {error.detail || error.title}
          </Alert>
        )}
        <Button onClick={join} loading={accept.isPending || switchOrg.isPending} fullWidth>
          Accept the invitation
        </Button>
        <Text size="sm" ta="center">
          Not you?{' '}
          <Anchor component="button" type="button" underline="always"
            onClick={() => logout.mutate(false, { onSettled: () => navigate(`/join/${token}`) })}>
            Sign out
          </Anchor>
        </Text>
      </Stack>
    </AuthCard>
  );
}

function JoinAsNewPerson({ token }: { token: string }) {
  const [account, setAccount] = useState<Account>({ name: '', email: '', password: '' });
  const signup = useSignup();
  const navigate = useNavigate();
  const error = signup.error instanceof ApiError ? signup.error : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    signup.mutate({ ...account, invitation: token }, { onSuccess: () => navigate('/') });
  };

  return (
    <AuthCard title="Join the team" subtitle="Create your account; it joins the team that invited you.">
      <form onSubmit={submit} noValidate>
        <Stack>
          <AccountFields value={account} onChange={setAccount} error={error} />
          <Button type="submit" loading={signup.isPending} fullWidth>
            Create account and join
          </Button>
          <Text size="sm" ta="center">
            Have an account?{' '}
            <Anchor component={Link} to={`/login?next=/join/${token}`} underline="always">
              Sign in to accept
            </Anchor>
          </Text>
        </Stack>
      </form>
    </AuthCard>
  );
}
