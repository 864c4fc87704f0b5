import { Anchor, Checkbox, Table, Text } from '@mantine/core';
import { Link } from 'react-router';

import { countryName } from '../deals/labels';
import type { Contact } from './api';
import { ConsentBadge, contactName, DotBadge, SUPPRESSION_REASON_LABELS } from './labels';

export type ContactsTableProps = {
  contacts: Contact[];
  selected: Set<string>;
  onSelect: (ids: string[], on: boolean) => void;
};

// The contacts with a checkbox each for the bulk actions.
export function ContactsTable({ contacts, selected, onSelect }: ContactsTableProps) {
  const all = contacts.length > 0 && contacts.every((c) => selected.has(c.id));
  const some = contacts.some((c) => selected.has(c.id));
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table striped highlightOnHover aria-label="Contacts">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col" w={40}>
              <Checkbox aria-label="Select every contact shown" checked={all} indeterminate={some && !all}
                onChange={(event) => onSelect(contacts.map((c) => c.id), event.currentTarget.checked)} />
            </Table.Th>
            <Table.Th scope="col">Email</Table.Th>
            <Table.Th scope="col">Name</Table.Th>
            <Table.Th scope="col">Company</Table.Th>
            <Table.Th scope="col">Country</Table.Th>
            <Table.Th scope="col">Email marketing</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {contacts.map((contact) => (
            <Table.Tr key={contact.id} data-testid="contact-row">
              <Table.Td>
                <Checkbox aria-label={`Select ${contact.email}`} checked={selected.has(contact.id)}
                  onChange={(event) => onSelect([contact.id], event.currentTarget.checked)} />
              </Table.Td>
              <Table.Td>
                <Anchor component={Link} to={`/contacts/${contact.id}`}>{contact.email}</Anchor>
              </Table.Td>
              <Table.Td>{contactName(contact) || <Text span c="dimmed">—</Text>}</Table.Td>
              <Table.Td>{contact.company}</Table.Td>
              <Table.Td title={contact.country ? countryName(contact.country) : undefined}>{contact.country}</Table.Td>
              <Table.Td>
                <ConsentBadge state={contact.email_marketing} />{' '}
                {contact.suppressed && (
                  <DotBadge color="red" title={contact.suppression_reason
                    ? SUPPRESSION_REASON_LABELS[contact.suppression_reason as keyof typeof SUPPRESSION_REASON_LABELS]
                      ?? contact.suppression_reason
                    : undefined}>
                    Suppressed
                  </DotBadge>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
