import { Alert, Button, Code, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { IconRefresh, IconSend } from '@tabler/icons-react';
import { useState } from 'react';

import { formatInstant } from '../deals/labels';
import { EmptyState } from '../ui/EmptyState';
import { type WebhookAttempt, type WebhookEndpoint, useDeliveries } from './api';
import { DeliveryStatus } from './DeliveryStatus';
import { statusText } from './labels';

// The class that colours an answer's status: success, worth a retry, or final.
function statusClass(status: number | null): string {
  if (status !== null && status >= 200 && status < 300) return 'text-success';
  if (status === null || status >= 500 || status === 408 || status === 429) return 'text-warning';
  return 'text-danger';
}

// One attempt on one line: when, the answer's status, how long it took and what went wrong.
function AttemptLine({ attempt }: { attempt: WebhookAttempt }) {
  return (
    <Group gap="xs" wrap="nowrap" align="baseline">
      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>{formatInstant(attempt.attempted_at, true).slice(0, 19)}</Text>
      <Text size="sm" fw={700} className={statusClass(attempt.status_code)} style={{ whiteSpace: 'nowrap' }}>
        {statusText(attempt.status_code)}
      </Text>
      <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>{attempt.duration_ms} ms</Text>
      {attempt.error && attempt.error !== statusText(attempt.status_code) && (
        <Text size="xs" className="text-danger">{attempt.error}</Text>
      )}
    </Group>
  );
}

export type DeliveryLogProps = { endpoint: WebhookEndpoint };

// The endpoint's deliveries, newest first, each with its attempts; refreshed every few seconds
// while one is pending.
export function DeliveryLog({ endpoint }: DeliveryLogProps) {
  const deliveries = useDeliveries(endpoint.id);
  const [refreshing, setRefreshing] = useState(false);
  const items = deliveries.data?.pages.flatMap((page) => page.items) ?? [];
  const name = endpoint.description || endpoint.url;

  let body;
  if (deliveries.isPending) {
    body = <Loader size="sm" aria-label="Loading the deliveries" />;
  } else if (deliveries.error) {
    body = <Alert color="red" title="Cannot load the deliveries">{deliveries.error.message}</Alert>;
  } else if (items.length === 0) {
    body = (
      <EmptyState icon={<IconSend size={24} />} title="Nothing sent yet">
        Deliveries show here as events happen. Send a test ping to see what the endpoint answers.
      </EmptyState>
    );
  } else {
    body = (
      <Stack gap="sm">
        <Table.ScrollContainer minWidth={960}>
          <Table verticalSpacing="xs" striped aria-label={`Deliveries to ${name}`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Event (UTC)</Table.Th>
                <Table.Th scope="col">Delivery</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                <Table.Th scope="col">Attempts (UTC)</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((delivery) => (
                <Table.Tr key={delivery.id} data-testid={`delivery-${delivery.id}`} style={{ verticalAlign: 'top' }}>
                  <Table.Td>
                    <Code>{delivery.event_kind}</Code>
                    <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>{formatInstant(delivery.created_at)}</Text>
                  </Table.Td>
                  <Table.Td><Code fz="xs" style={{ whiteSpace: 'nowrap' }}>{delivery.id}</Code></Table.Td>
                  <Table.Td><DeliveryStatus delivery={delivery} /></Table.Td>
                  <Table.Td>
                    {delivery.attempt_log.length === 0 ? (
                      <Text size="sm" c="dimmed">None yet</Text>
                    ) : (
                      <Stack gap={4}>
                        {delivery.attempt_log.map((attempt, index) => (
                          <AttemptLine key={`${index}-${attempt.attempted_at}`} attempt={attempt} />
                        ))}
                      </Stack>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {deliveries.hasNextPage && (
          <Group>
            <Button variant="default" onClick={() => deliveries.fetchNextPage()} loading={deliveries.isFetchingNextPage}>
              Load more
            </Button>
          </Group>
        )}
      </Stack>
    );
  }

  return (
    <section aria-labelledby="deliveries-heading">
      <Group justify="space-between" mb="sm" wrap="nowrap" align="flex-start">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Title order={2} size="h4" id="deliveries-heading">Deliveries to {name}</Title>
          {endpoint.description && <Text size="sm" c="dimmed" style={{ wordBreak: 'break-all' }}>{endpoint.url}</Text>}
        </Stack>
        <Button variant="default" size="xs" leftSection={<IconRefresh size={14} aria-hidden />}
          loading={refreshing}
          onClick={() => {
            setRefreshing(true);
            void deliveries.refetch().finally(() => setRefreshing(false));
          }}>
          Refresh
        </Button>
      </Group>
      {body}
    </section>
  );
}
