import { Anchor, Badge, Table, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { Link } from 'react-router';

import type { Deal, DealConflict } from './api';
import { DealStatusBadge } from './DealStatusBadge';
import { formatInstant } from './labels';
import { formatMoney } from './money';

// A deal's best-matching conflict: its score, and whom it is with ("with #1", "+1 more").
function conflictSummary(conflicts: DealConflict[]): { score: number; detail: string } {
  const best = conflicts.reduce((top, conflict) => (conflict.score > top.score ? conflict : top));
  const other = best.sequence !== undefined ? `with #${best.sequence}` : best.deal_id ? '' : 'with direct sales';
  const more = conflicts.length > 1 ? `+${conflicts.length - 1} more` : '';
  return { score: Math.round(best.score * 100), detail: [other, more].filter(Boolean).join(', ') };
}

// A reviewer's queue in registration order: who registered first is listed first.
export function ReviewQueueTable({ deals, side }: { deals: Deal[]; side: 'vendor' | 'distributor' }) {
  const vendorSide = side === 'vendor';
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped highlightOnHover verticalSpacing="sm" aria-label="Registrations in the order they were made">
        <Table.Thead>
          <Table.Tr>
            {vendorSide && <Table.Th scope="col">#</Table.Th>}
            <Table.Th scope="col">Registered (UTC)</Table.Th>
            <Table.Th scope="col">Partner</Table.Th>
            <Table.Th scope="col">Customer</Table.Th>
            <Table.Th scope="col" style={{ textAlign: 'right' }}>Amount</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
            <Table.Th scope="col">{vendorSide ? 'Conflicts' : 'Vendor'}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {deals.map((deal) => (
            <Table.Tr key={deal.id} data-testid="review-row">
              {vendorSide && <Table.Td fw={600}>{deal.sequence ?? '—'}</Table.Td>}
              <Table.Td style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
                {formatInstant(deal.registered_at, true)}
              </Table.Td>
              <Table.Td>
                {deal.partner.name}
                {vendorSide && deal.distributor && <Text size="xs" c="dimmed">through {deal.distributor.name}</Text>}
              </Table.Td>
              <Table.Td>
                <Anchor component={Link} to={`/deals/${deal.id}`} fw={600}>
                  {deal.customer.company}
                </Anchor>
                {deal.customer.website && <Text size="xs" c="dimmed">{deal.customer.website}</Text>}
              </Table.Td>
              <Table.Td style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>
                {deal.amount ? formatMoney(deal.amount) : '—'}
              </Table.Td>
              <Table.Td>
                <DealStatusBadge status={deal.status} />
                {deal.status === 'submitted' && deal.review_by && (
                  <Text size="xs" c="dimmed">
                    {deal.review_by === side ? 'Awaiting you' : 'With the vendor'}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                {vendorSide ? (
                  deal.conflicts && deal.conflicts.length > 0 ? (
                    <div data-testid="conflict-badge">
                      <Badge color="red.9" leftSection={<IconAlertTriangle size={12} aria-hidden />}
                        styles={{ label: { overflow: 'visible' } }}>
                        Conflict {conflictSummary(deal.conflicts).score}%
                      </Badge>
                      <Text size="xs" c="dimmed">{conflictSummary(deal.conflicts).detail}</Text>
                    </div>
                  ) : (
                    <Text size="sm" c="dimmed">None</Text>
                  )
                ) : (
                  <>
                    {deal.vendor.name}
                    {deal.conflict_status === 'under_review' && (
                      <Badge variant="default" ml="xs">Possible conflict</Badge>
                    )}
                  </>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
