import { ActionIcon, Badge, Button, Code, Group, Menu, Stack, Switch, Table, Text } from '@mantine/core';
import { IconDots, IconList, IconSend } from '@tabler/icons-react';

import { formatInstant } from '../deals/labels';
import { type WebhookEndpoint, useLatestDelivery } from './api';
import { DeliveryBadge } from './DeliveryStatus';
import { eventsText, statusText } from './labels';

export const endpointName = (endpoint: WebhookEndpoint) => endpoint.description || endpoint.url;

// The newest delivery's outcome, for an endpoint's row.
function LastDelivery({ endpoint }: { endpoint: WebhookEndpoint }) {
  const latest = useLatestDelivery(endpoint.id);
  if (latest.isPending) return <Text size="sm" c="dimmed">…</Text>;
  if (latest.error) return <Text size="sm" c="dimmed">Unknown</Text>;
  const delivery = latest.data;
  if (!delivery) return <Text size="sm" c="dimmed">None yet</Text>;
  return (
    <Stack gap={2} align="flex-start">
      <DeliveryBadge delivery={delivery} />
      <Text size="xs" c="dimmed">
        <Code>{delivery.event_kind}</Code>
        {delivery.last_status !== null || delivery.attempts > 0 ? ` · ${statusText(delivery.last_status)}` : ''}
        {` · ${formatInstant(delivery.created_at)}`}
      </Text>
    </Stack>
  );
}

export type EndpointActions = {
  onShowDeliveries: (endpoint: WebhookEndpoint) => void;
  onPing: (endpoint: WebhookEndpoint) => void;
  onToggle: (endpoint: WebhookEndpoint, active: boolean) => void;
  onEdit: (endpoint: WebhookEndpoint) => void;
  onReveal: (endpoint: WebhookEndpoint) => void;
  onRotate: (endpoint: WebhookEndpoint) => void;
  onDelete: (endpoint: WebhookEndpoint) => void;
};

export type EndpointsTableProps = {
  endpoints: WebhookEndpoint[];
  selectedId: string | null;
  // Owners and admins change endpoints; everyone else reads them.
  editable: boolean;
  pinging: string | null;
  actions: EndpointActions;
};

// The organisation's endpoints: where each sends, which events, whether it is on, how its last
// delivery went, and what can be done with it.
export function EndpointsTable({ endpoints, selectedId, editable, pinging, actions }: EndpointsTableProps) {
  return (
    <Table.ScrollContainer minWidth={880}>
      <Table verticalSpacing="xs" striped aria-label="Webhook endpoints">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Endpoint</Table.Th>
            <Table.Th scope="col">Events</Table.Th>
            <Table.Th scope="col">Active</Table.Th>
            <Table.Th scope="col">Last delivery (UTC)</Table.Th>
            <Table.Th scope="col"><span className="visually-hidden">Actions</span></Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {endpoints.map((endpoint) => {
            const name = endpointName(endpoint);
            const selected = endpoint.id === selectedId;
            return (
              <Table.Tr key={endpoint.id} data-testid={`endpoint-${endpoint.url}`} bg={selected ? 'var(--mantine-primary-color-light)' : undefined}>
                <Table.Td style={{ maxWidth: 340 }}>
                  {endpoint.description && <Text fw={600} size="sm">{endpoint.description}</Text>}
                  <Text size="sm" style={{ wordBreak: 'break-all' }}>{endpoint.url}</Text>
                </Table.Td>
                <Table.Td style={{ maxWidth: 220 }}>
                  <Text size="sm">{eventsText(endpoint.events)}</Text>
                </Table.Td>
                <Table.Td>
                  {editable ? (
                    <Switch checked={endpoint.active} aria-label={`Active: ${name}`}
                      onChange={(event) => actions.onToggle(endpoint, event.currentTarget.checked)} />
                  ) : (
                    <Badge variant="dot" color={endpoint.active ? 'green' : 'gray'}>{endpoint.active ? 'Active' : 'Paused'}</Badge>
                  )}
                </Table.Td>
                <Table.Td><LastDelivery endpoint={endpoint} /></Table.Td>
                <Table.Td>
                  <Group gap="xs" justify="flex-end" wrap="nowrap">
                    <Button size="xs" variant={selected ? 'light' : 'default'} aria-pressed={selected}
                      leftSection={<IconList size={14} aria-hidden />} aria-label={`Deliveries to ${name}`}
                      onClick={() => actions.onShowDeliveries(endpoint)}>
                      Deliveries
                    </Button>
                    {editable && (
                      <>
                        <Button size="xs" variant="default" leftSection={<IconSend size={14} aria-hidden />}
                          aria-label={`Send a test ping to ${name}`} loading={pinging === endpoint.id}
                          onClick={() => actions.onPing(endpoint)}>
                          Ping
                        </Button>
                        <Menu position="bottom-end" withinPortal>
                          <Menu.Target>
                            <ActionIcon variant="default" size="md" aria-label={`More actions for ${name}`}>
                              <IconDots size={16} aria-hidden />
                            </ActionIcon>
                          </Menu.Target>
                          <Menu.Dropdown>
                            <Menu.Item onClick={() => actions.onEdit(endpoint)}>Edit</Menu.Item>
                            <Menu.Item onClick={() => actions.onReveal(endpoint)}>Reveal secret</Menu.Item>
                            <Menu.Item onClick={() => actions.onRotate(endpoint)}>Rotate secret</Menu.Item>
                            <Menu.Divider />
                            <Menu.Item color="red" onClick={() => actions.onDelete(endpoint)}>Delete</Menu.Item>
                          </Menu.Dropdown>
                        </Menu>
                      </>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
