import { Alert, Button, Code, Loader, Stack, Table, Text } from '@mantine/core';
import { IconDownload, IconHistory } from '@tabler/icons-react';

import { ApiError } from '../api/client';
import { useAuditEvents } from '../modules/audit/api';
import { EmptyState } from '../modules/ui/EmptyState';
import { PageHeader } from '../modules/ui/PageHeader';

const ACTION_LABELS: Record<string, string> = {
  'org.created': 'Created the organisation',
  'user.signed_in': 'Signed in',
  'relationship.invited': 'Sent an invitation',
  'relationship.accept': 'Accepted an invitation',
  'relationship.decline': 'Declined an invitation',
  'relationship.suspend': 'Suspended a relationship',
  'relationship.reactivate': 'Reactivated a relationship',
  'relationship.end': 'Ended a relationship',
  'relationship.authorizations_set': 'Changed authorised vendors',
  'relationship.tier_set': 'Changed a tier',
  'org.claimed': 'Signed up from an invitation',
  'org.settings_changed': 'Changed the organisation settings',
  'org.logo_changed': 'Changed the logo',
  'org.logo_removed': 'Removed the logo',
  'member.invited': 'Invited a team member',
  'member.joined': 'Joined the team',
  'member.changed': 'Changed a member',
  'member.removed': 'Removed a member',
  'member.invitation_revoked': 'Revoked a team invitation',
  'user.password_reset': 'Reset a password',
  'user.password_changed': 'Changed a password',
  'api_token.created': 'Created an API token',
  'api_token.revoked': 'Revoked an API token',
};

export function AuditPage() {
  const events = useAuditEvents();
  const items = events.data?.pages.flatMap((page) => page.items) ?? [];

  let body;
  if (events.isPending) {
    body = <Loader aria-label="Loading the audit log" />;
  } else if (events.error) {
    const forbidden = events.error instanceof ApiError && events.error.status === 403;
    body = (
      <Alert color={forbidden ? 'yellow' : 'red'} title={forbidden ? 'Owners and admins only' : 'Cannot load the audit log'}>
        {events.error.message}
      </Alert>
    );
  } else if (items.length === 0) {
    body = <EmptyState icon={<IconHistory size={24} />} title="Nothing recorded yet" />;
  } else {
    body = (
      <Stack>
        <Table.ScrollContainer minWidth={720}>
          <Table striped verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">When (UTC)</Table.Th>
                <Table.Th scope="col">Who</Table.Th>
                <Table.Th scope="col">What</Table.Th>
                <Table.Th scope="col">Record</Table.Th>
                <Table.Th scope="col">From</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((event) => (
                <Table.Tr key={event.id}>
                  <Table.Td>{event.at.replace('T', ' ').slice(0, 19)}</Table.Td>
                  <Table.Td>
                    {event.actor_email ?? 'System'}
                    {typeof event.detail?.via_api_token === 'string' && (
                      <Text size="xs" c="dimmed">through an API token</Text>
                    )}
                  </Table.Td>
                  <Table.Td>{ACTION_LABELS[event.action] ?? event.action}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{event.target_type}</Text>
                    <Code title={event.target_id}>…{event.target_id.slice(-8)}</Code>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{event.remote_address}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {events.hasNextPage && (
          <Button variant="default" onClick={() => events.fetchNextPage()} loading={events.isFetchingNextPage}>
            Show older events
          </Button>
        )}
      </Stack>
    );
  }

  return (
    <Stack>
      <PageHeader title="Audit log" description="Who did what in your organisation, when and from where."
        actions={items.length > 0 && (
          <Button component="a" href="/api/v1/audit-events/export" download variant="default"
            leftSection={<IconDownload size={16} aria-hidden />}>
            Download CSV
          </Button>
        )} />
      {body}
    </Stack>
  );
}
