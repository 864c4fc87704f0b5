import { Anchor, Checkbox, Stack, Table, Text } from '@mantine/core';
import { Link } from 'react-router';

import { countryName } from '../deals/labels';
import type { Lead } from './api';
import { LeadStatusBadge } from './LeadStatusBadge';
import { OfferAnswer } from './OfferAnswer';
import { SlaCountdown } from './SlaCountdown';

// Who sent a lead, in the inbox's words.
export const senderOf = (lead: Lead) => lead.origin?.name ?? 'Own';

// Leads picked for a bulk action: which ones may be, and which are.
export type LeadSelection = {
  selectable: (lead: Lead) => boolean;
  selected: ReadonlySet<string>;
  onChange: (selected: Set<string>) => void;
};

// The inbox: the leads of every sender and the organisation's own, with the answer to give.
export function LeadsTable({ leads, canAnswer, selection }: { leads: Lead[]; canAnswer: boolean; selection?: LeadSelection }) {
  const pickable = selection ? leads.filter(selection.selectable).map((lead) => lead.id) : [];
  const picked = pickable.filter((id) => selection?.selected.has(id)).length;
  const toggle = (id: string) => {
    if (!selection) return;
    const next = new Set(selection.selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    selection.onChange(next);
  };
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped highlightOnHover verticalSpacing="sm" aria-label="Leads">
        <Table.Thead>
          <Table.Tr>
            {selection && (
              <Table.Th scope="col" w={40}>
                <Checkbox aria-label="Select every lead that can be passed on" disabled={pickable.length === 0}
                  checked={pickable.length > 0 && picked === pickable.length}
                  indeterminate={picked > 0 && picked < pickable.length}
                  onChange={() => selection.onChange(new Set(picked === pickable.length ? [] : pickable))} />
              </Table.Th>
            )}
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
                {selection && (
                  <Table.Td>
                    {selection.selectable(lead) && (
                      <Checkbox aria-label={`Select ${lead.company}`} checked={selection.selected.has(lead.id)}
                        onChange={() => toggle(lead.id)} />
                    )}
                  </Table.Td>
                )}
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
