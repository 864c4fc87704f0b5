import { Anchor, Table, Text } from '@mantine/core';
import { Link } from 'react-router';

import type { Deal } from './api';
import { DealStatusBadge } from './DealStatusBadge';
import { formatDate, formatInstant } from './labels';
import { formatMoney } from './money';

// The partner's own deals, across its vendors.
export function DealsTable({ deals }: { deals: Deal[] }) {
  return (
    <Table.ScrollContainer minWidth={860}>
      <Table striped highlightOnHover verticalSpacing="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Customer</Table.Th>
            <Table.Th scope="col">Vendor</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
            <Table.Th scope="col" style={{ textAlign: 'right' }}>Amount</Table.Th>
            <Table.Th scope="col">Expected close</Table.Th>
            <Table.Th scope="col">Registered (UTC)</Table.Th>
            <Table.Th scope="col">Protected until</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {deals.map((deal) => (
            <Table.Tr key={deal.id} data-testid={`deal-${deal.customer.company}`}>
              <Table.Td>
                <Anchor component={Link} to={`/deals/${deal.id}`} fw={600}>
                  {deal.customer.company}
                </Anchor>
                {deal.customer.website && <Text size="xs" c="dimmed">{deal.customer.website}</Text>}
              </Table.Td>
              <Table.Td>
                {deal.vendor.name}
                {deal.distributor && <Text size="xs" c="dimmed">through {deal.distributor.name}</Text>}
              </Table.Td>
              <Table.Td>
                <DealStatusBadge status={deal.status} />
                {deal.conflict_status === 'under_review' && <Text size="xs" c="dimmed">Possible conflict</Text>}
              </Table.Td>
              <Table.Td style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>
                {deal.amount ? formatMoney(deal.amount) : '—'}
              </Table.Td>
              <Table.Td>{formatDate(deal.expected_close)}</Table.Td>
              <Table.Td>{formatInstant(deal.registered_at)}</Table.Td>
              <Table.Td>{formatInstant(deal.protected_until)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
