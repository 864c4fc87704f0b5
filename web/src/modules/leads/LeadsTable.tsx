import { Anchor, Stack, Table, Text } from '@mantine/core';
import { Link } from 'react-router';

import { countryName } from '../deals/labels';
import type { Lead } from './api';
import { LeadStatusBadge } from './LeadStatusBadge';
import { OfferAnswer } from './OfferAnswer';
import { SlaCountdown } from './SlaCountdown';

// Who sent a lead, in the inbox's words.
export const senderOf = (lead: Lead) => lead.origin?.name ?? 'Own';

// The inbox: the leads of every sender and the organisation's own, with the answer to give.
export function LeadsTable({ leads, canAnswer }: { leads: Lead[]; canAnswer: boolean }) {
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped highlightOnHover verticalSpacing="sm" aria-label="Leads">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Company</Table.Th>
            <Table.Th scope="col">Contact</Table.Th>
            <Table.Th scope="col">From</Table.Th>
            <Table.Th scope="col">Country</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
            <Table.Th scope="col">Answer</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {leads.map((lead) => {
            const waiting = lead.offer_state === 'offered';
            return (
              <Table.Tr key={lead.id} data-testid={`lead-${lead.company}`}>
                <Table.Td>
                  <Anchor component={Link} to={`/leads/${lead.id}`} fw={600}>{lead.company}</Anchor>
                  {lead.product && <Text size="xs" c="dimmed">{lead.product}</Text>}
                </Table.Td>
                <Table.Td>
                  {lead.contact.name || '—'}
                  {lead.contact.email && <Text size="xs" c="dimmed">{lead.contact.email}</Text>}
                </Table.Td>
                <Table.Td>{senderOf(lead)}</Table.Td>
                <Table.Td>
                  {countryName(lead.country)}
                  {lead.region && <Text size="xs" c="dimmed">{lead.region}</Text>}
                </Table.Td>
                <Table.Td>
                  <Stack gap={4} align="flex-start">
                    <LeadStatusBadge status={lead.status} />
                    {lead.partner && <Text size="xs" c="dimmed">with {lead.partner.name}</Text>}
                    {waiting && lead.answer_due_at && <SlaCountdown dueAt={lead.answer_due_at} size="xs" />}
                  </Stack>
                </Table.Td>
                <Table.Td>
                  {waiting && canAnswer ? <OfferAnswer lead={lead} size="xs" /> : <Text size="sm" c="dimmed">—</Text>}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
