import { Alert, Badge, Button, Code, CopyButton, Group, Loader, NativeSelect, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconKey } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';

import { ApiError } from '../api/client';
import { type TokenRole, useApiTokens, useCreateApiToken, useRevokeApiToken } from '../modules/tokens/api';
import { EmptyState } from '../modules/ui/EmptyState';
import { PageHeader } from '../modules/ui/PageHeader';

const ROLES: { value: TokenRole; label: string }[] = [
  { value: 'viewer', label: 'Viewer: read only' },
  { value: 'member', label: 'Member' },
  { value: 'manager', label: 'Manager' },
  { value: 'admin', label: 'Admin' },
];

const when = (at: string | null) => (at ? at.replace('T', ' ').slice(0, 16) : 'Never');

export function ApiTokensPage() {
  const tokens = useApiTokens();
  const revoke = useRevokeApiToken();
  const forbidden = tokens.error instanceof ApiError && tokens.error.status === 403;

  return (
    <Stack gap="xl">
      <PageHeader title="API tokens"
        description="Integrations call the API with a token: send it as Authorization: Bearer <token>." />
      {forbidden ? (
        <Alert color="yellow" title="Owners and admins only">{tokens.error?.message}</Alert>
      ) : (
        <>
          <Paper withBorder p="md">
            <Title order={2} size="h4" mb="sm">New token</Title>
            <CreateTokenForm />
          </Paper>
          <section aria-labelledby="tokens-heading">
            <Title order={2} size="h4" mb="sm" id="tokens-heading">Tokens</Title>
            {tokens.isPending ? (
              <Loader size="sm" aria-label="Loading tokens" />
            ) : tokens.error ? (
              <Alert color="red" title="Cannot load tokens">{tokens.error.message}</Alert>
            ) : tokens.data.length === 0 ? (
              <EmptyState icon={<IconKey size={24} />} title="No tokens yet">
                Create one for each integration, so each can be revoked on its own.
              </EmptyState>
            ) : (
              <Table.ScrollContainer minWidth={720}>
                <Table verticalSpacing="xs" striped>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">Name</Table.Th>
                      <Table.Th scope="col">Token</Table.Th>
                      <Table.Th scope="col">Role</Table.Th>
                      <Table.Th scope="col">Created (UTC)</Table.Th>
                      <Table.Th scope="col">Last used (UTC)</Table.Th>
                      <Table.Th scope="col"><span className="visually-hidden">Actions</span></Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {tokens.data.map((token) => (
                      <Table.Tr key={token.id}>
                        <Table.Td>{token.name}</Table.Td>
                        <Table.Td><Code>{token.prefix}…</Code></Table.Td>
                        <Table.Td>{token.role}</Table.Td>
                        <Table.Td>
                          {when(token.created_at)}
                          <Text size="xs" c="dimmed">by {token.created_by}</Text>
                        </Table.Td>
                        <Table.Td>{when(token.last_used_at)}</Table.Td>
                        <Table.Td>
                          {token.revoked_at ? (
                            <Badge color="gray" variant="light">Revoked</Badge>
                          ) : (
                            <Button size="xs" variant="subtle" color="red" aria-label={`Revoke ${token.name}`}
                              onClick={() => {
                                if (window.confirm(`Revoke ${token.name}? Integrations using it stop working.`)) {
                                  revoke.mutate(token.id);
                                }
                              }}>
                              Revoke
                            </Button>
                          )}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </section>
        </>
      )}
    </Stack>
  );
}

function CreateTokenForm() {
  const [name, setName] = useState('');
  const [role, setRole] = useState<TokenRole>('member');
  const create = useCreateApiToken();
  const error = create.error instanceof ApiError ? create.error : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ name, role }, { onSuccess: () => setName('') });
  };

  return (
    <Stack>
      <form onSubmit={submit} noValidate aria-label="New token">
        <Group align="flex-start">
          <TextInput label="Name" placeholder="CRM sync" value={name} style={{ flex: 1 }}
            onChange={(e) => setName(e.currentTarget.value)} error={error?.fieldErrors.name} />
          <NativeSelect label="Acts as" data={ROLES} value={role} w={200}
            onChange={(e) => setRole(e.currentTarget.value as TokenRole)} error={error?.fieldErrors.role} />
          <Button type="submit" mt={25} loading={create.isPending}>Create token</Button>
        </Group>
      </form>
      {create.data && (
        <Alert color="green" title="Copy the token now" role="status">
          <Stack gap="xs">
            <Text size="sm">It is shown this once; Strata keeps only a fingerprint of it.</Text>
            <Group gap="xs" wrap="nowrap">
              <Code data-testid="new-token" style={{ wordBreak: 'break-all' }}>{create.data.token}</Code>
              <CopyButton value={create.data.token}>
                {({ copied, copy }) => (
                  <Button size="xs" variant="default" onClick={copy}>{copied ? 'Copied' : 'Copy'}</Button>
                )}
              </CopyButton>
            </Group>
          </Stack>
        </Alert>
      )}
    </Stack>
  );
}
