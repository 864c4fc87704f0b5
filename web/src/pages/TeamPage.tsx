import { Alert, Badge, Button, Group, Loader, Modal, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconMailForward, IconUsers } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';

import { ApiError } from '../api/client';
import { isAdmin, type Role, type Scopes, useMe } from '../modules/identity/api';
import { useRelationships } from '../modules/network/api';
import { AccessFields, describeScopes, emptyScopes, ROLE_OPTIONS } from '../modules/team/AccessFields';
import {
  type Member,
  useChangeMember,
  useInvitations,
  useInviteMember,
  useMembers,
  useRemoveMember,
  useRevokeInvitation,
} from '../modules/team/api';
import { EmptyState } from '../modules/ui/EmptyState';
import { PageHeader } from '../modules/ui/PageHeader';

const roleLabel = (role: Role) => ROLE_OPTIONS.find((o) => o.value === role)?.label.split(':')[0] ?? role;

export function TeamPage() {
  const me = useMe();
  const members = useMembers();
  const admin = isAdmin(me.data?.role);
  const invitations = useInvitations(admin);
  const relationships = useRelationships();
  const [editing, setEditing] = useState<Member | null>(null);
  const remove = useRemoveMember();
  const revoke = useRevokeInvitation();
  if (!me.data) return null;
  const orgId = me.data.org.id;
  const names = new Map<string, string>();
  for (const r of relationships.data ?? []) {
    names.set(r.upstream.id, r.upstream.name);
    names.set(r.downstream.id, r.downstream.name);
  }
  const pending = (invitations.data ?? []).filter((i) => i.status === 'pending');
  const removeError = remove.error instanceof ApiError ? remove.error : null;

  return (
    <Stack gap="xl">
      <PageHeader title="Team" description={`The people of ${me.data.org.name}, what they may do and what they see.`} />

      {admin && (
        <Paper withBorder p="md">
          <Title order={2} size="h4" mb="sm">
            Invite someone
          </Title>
          <InviteMemberForm orgId={orgId} canGrantOwner={me.data.role === 'owner'} />
        </Paper>
      )}

      <section aria-labelledby="members-heading">
        <Title order={2} size="h4" mb="sm" id="members-heading">
          Members
        </Title>
        {removeError && (
          <Alert color="red" title="Cannot remove" mb="sm">
            {removeError.detail || removeError.title}
          </Alert>
        )}
        {members.isPending ? (
          <Loader size="sm" aria-label="Loading members" />
        ) : members.error ? (
          <Alert color="red" title="Cannot load the team">{members.error.message}</Alert>
        ) : (
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="xs" striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Name</Table.Th>
                  <Table.Th scope="col">Email</Table.Th>
                  <Table.Th scope="col">Role</Table.Th>
                  <Table.Th scope="col">Sees</Table.Th>
                  {admin && <Table.Th scope="col"><span className="visually-hidden">Actions</span></Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {members.data.map((member) => (
                  <Table.Tr key={member.user_id} data-testid={`member-${member.email}`}>
                    <Table.Td>
                      {member.name}
                      {member.user_id === me.data?.user.id && <Badge ml="xs" variant="light">You</Badge>}
                    </Table.Td>
                    <Table.Td>{member.email}</Table.Td>
                    <Table.Td>{roleLabel(member.role)}</Table.Td>
                    <Table.Td>{describeScopes(member.scopes, names)}</Table.Td>
                    {admin && (
                      <Table.Td>
                        <Group gap="xs" justify="flex-end" wrap="nowrap">
                          <Button size="xs" variant="default" onClick={() => setEditing(member)}
                            aria-label={`Change ${member.name}`}>
                            Change
                          </Button>
                          <Button size="xs" variant="subtle" color="red" aria-label={`Remove ${member.name}`}
                            onClick={() => {
                              if (window.confirm(`Remove ${member.name} from ${me.data?.org.name}?`)) {
                                remove.mutate(member.user_id);
                              }
                            }}>
                            Remove
                          </Button>
                        </Group>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </section>

      {admin && (
        <section aria-labelledby="invitations-heading">
          <Title order={2} size="h4" mb="sm" id="invitations-heading">
            Pending invitations
          </Title>
          {invitations.isPending ? (
            <Loader size="sm" aria-label="Loading invitations" />
          ) : pending.length === 0 ? (
            <EmptyState icon={<IconMailForward size={24} />} title="No invitations waiting">
              Invited people appear here until they accept; links expire after 7 days.
            </EmptyState>
          ) : (
            <Table verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Email</Table.Th>
                  <Table.Th scope="col">Role</Table.Th>
                  <Table.Th scope="col">Expires (UTC)</Table.Th>
                  <Table.Th scope="col"><span className="visually-hidden">Actions</span></Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {pending.map((invitation) => (
                  <Table.Tr key={invitation.id}>
                    <Table.Td>{invitation.email}</Table.Td>
                    <Table.Td>{roleLabel(invitation.role)}</Table.Td>
                    <Table.Td>{invitation.expires_at.replace('T', ' ').slice(0, 16)}</Table.Td>
                    <Table.Td>
                      <Button size="xs" variant="subtle" color="red" onClick={() => revoke.mutate(invitation.id)}
                        aria-label={`Revoke the invitation to ${invitation.email}`}>
                        Revoke
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </section>
      )}

      {members.data?.length === 1 && !admin && (
        <EmptyState icon={<IconUsers size={24} />} title="Just you so far" />
      )}

      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={`Change ${editing?.name ?? ''}`}>
        {editing && (
          <EditMemberForm member={editing} orgId={orgId} canGrantOwner={me.data.role === 'owner'}
            onDone={() => setEditing(null)} />
        )}
      </Modal>
    </Stack>
  );
}

function InviteMemberForm({ orgId, canGrantOwner }: { orgId: string; canGrantOwner: boolean }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('member');
  const [scopes, setScopes] = useState<Scopes>(emptyScopes());
  const invite = useInviteMember();
  const error = invite.error instanceof ApiError ? invite.error : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    invite.mutate({ email, role, scopes }, {
      onSuccess: () => {
        setEmail('');
        setScopes(emptyScopes());
      },
    });
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Invite someone">
      <Stack gap="sm" maw={560}>
        <TextInput label="Email" type="email" required value={email} placeholder="colleague@example.com"
          onChange={(e) => setEmail(e.currentTarget.value)} error={error?.fieldErrors.email} />
        <AccessFields role={role} scopes={scopes} onRoleChange={setRole} onScopesChange={setScopes}
          errors={error?.fieldErrors ?? {}} ownOrgId={orgId} canGrantOwner={canGrantOwner} />
        {error && Object.keys(error.fieldErrors).length === 0 && (
          <Alert color="red" title={error.title}>{error.detail}</Alert>
        )}
        {invite.isSuccess && (
          <Alert color="green" title="Invitation sent" role="status">
            {invite.data.email} has a link to join, valid for 7 days.
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={invite.isPending}>Send invitation</Button>
        </Group>
      </Stack>
    </form>
  );
}

function EditMemberForm({ member, orgId, canGrantOwner, onDone }: {
  member: Member; orgId: string; canGrantOwner: boolean; onDone: () => void;
}) {
  const [role, setRole] = useState<Role>(member.role);
  const [scopes, setScopes] = useState<Scopes>(member.scopes);
  const change = useChangeMember();
  const error = change.error instanceof ApiError ? change.error : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    change.mutate({ userId: member.user_id, role, scopes }, { onSuccess: onDone });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">{member.email}</Text>
        <AccessFields role={role} scopes={scopes} onRoleChange={setRole} onScopesChange={setScopes}
          errors={error?.fieldErrors ?? {}} ownOrgId={orgId} canGrantOwner={canGrantOwner} />
        {error && Object.keys(error.fieldErrors).length === 0 && (
          <Alert color="red" title="Cannot change">{error.detail || error.title}</Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>Cancel</Button>
          <Button type="submit" loading={change.isPending}>Save</Button>
        </Group>
      </Stack>
    </form>
  );
}
