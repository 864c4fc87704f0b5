import { Badge, Button, Group, Table, Text } from '@mantine/core';

import { countryName, formatDate } from '../deals/labels';
import { formatMoney } from '../deals/money';
import type { DirectOpportunity } from './api';
import { OPPORTUNITY_STATUS_LABELS } from './OpportunityForm';

const STATUS_COLOURS = { open: 'blue', won: 'teal', lost: 'gray' } as const;

export type OpportunitiesTableProps = {
  opportunities: DirectOpportunity[];
  canEdit: boolean;
  onEdit: (opportunity: DirectOpportunity) => void;
  onDelete: (opportunity: DirectOpportunity) => void;
};

// The vendor's direct opportunities, which registrations are checked against.
export function OpportunitiesTable({ opportunities, canEdit, onEdit, onDelete }: OpportunitiesTableProps) {
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped highlightOnHover verticalSpacing="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Company</Table.Th>
            <Table.Th scope="col">Country</Table.Th>
            <Table.Th scope="col" style={{ textAlign: 'right' }}>Amount</Table.Th>
            <Table.Th scope="col">Expected close</Table.Th>
            <Table.Th scope="col">Sales rep</Table.Th>
            <Table.Th scope="col">CRM id</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
            {canEdit && (
              <Table.Th scope="col">
                <span className="visually-hidden">Actions</span>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {opportunities.map((opportunity) => (
            <Table.Tr key={opportunity.id} data-testid={`opportunity-${opportunity.company}`}>
              <Table.Td>
                <Text fw={600} size="sm">{opportunity.company}</Text>
                {opportunity.website && <Text size="xs" c="dimmed">{opportunity.website}</Text>}
              </Table.Td>
              <Table.Td>
                {opportunity.country ? countryName(opportunity.country) : '—'}
                {opportunity.region && <Text size="xs" c="dimmed">{opportunity.region}</Text>}
              </Table.Td>
              <Table.Td style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>
                {opportunity.amount ? formatMoney(opportunity.amount) : '—'}
              </Table.Td>
              <Table.Td>{formatDate(opportunity.expected_close)}</Table.Td>
              <Table.Td>{opportunity.owner || '—'}</Table.Td>
              <Table.Td>{opportunity.external_id ?? '—'}</Table.Td>
              <Table.Td>
                <Badge color={STATUS_COLOURS[opportunity.status]} variant="dot" style={{ overflow: 'visible' }}>
                  {OPPORTUNITY_STATUS_LABELS[opportunity.status]}
                </Badge>
              </Table.Td>
              {canEdit && (
                <Table.Td>
                  <Group gap="xs" justify="flex-end" wrap="nowrap">
                    <Button size="xs" variant="default" onClick={() => onEdit(opportunity)}
                      aria-label={`Change ${opportunity.company}`}>
                      Change
                    </Button>
                    <Button size="xs" variant="subtle" color="red" onClick={() => onDelete(opportunity)}
                      aria-label={`Delete ${opportunity.company}`}>
                      Delete
                    </Button>
                  </Group>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
