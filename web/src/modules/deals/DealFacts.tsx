import { Alert, Box, Paper, SimpleGrid, Table, Text, Title } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import type { ReactNode } from 'react';

import type { Deal } from './api';
import { countryName, formatDate, formatInstant } from './labels';
import { formatMoney } from './money';

type Fact = { term: string; value: ReactNode };

// Terms and their values as a description list, two columns on wide screens.
function Facts({ facts }: { facts: Fact[] }) {
  return (
    <Box component="dl" m={0}
      style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))', gap: 'var(--mantine-spacing-xs) var(--mantine-spacing-md)' }}>
      {facts.map(({ term, value }) => (
        <div key={term}>
          <Text component="dt" size="sm" c="dimmed">{term}</Text>
          <Text component="dd" m={0} style={{ overflowWrap: 'anywhere' }}>{value || '—'}</Text>
        </div>
      ))}
    </Box>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={id}>
      <Title order={2} size="h4" mb="sm" id={id}>{title}</Title>
      {children}
    </Paper>
  );
}

const EXTENSION_WORDS = { requested: 'asked for, awaiting the vendor', granted: 'granted', refused: 'refused' } as const;

const REASON_COLOURS: Partial<Record<Deal['status'], string>> = { rejected: 'red', info_requested: 'orange', approved: 'green' };

// Everything the asking side may see of a deal, section by section.
export function DealFacts({ deal }: { deal: Deal }) {
  const { customer, contact } = deal;
  return (
    <>
      {deal.decision_reason && (
        <Alert color={REASON_COLOURS[deal.status] ?? 'gray'} title={deal.status === 'info_requested'
          ? 'The reviewer asks for more information' : 'Reason given with the decision'}>
          <Text style={{ whiteSpace: 'pre-wrap' }}>{deal.decision_reason}</Text>
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Section id="customer-facts" title="Customer">
          <Facts facts={[
            { term: 'Company', value: customer.company },
            { term: 'Website', value: customer.website },
            { term: 'Country', value: customer.country ? `${countryName(customer.country)} (${customer.country})` : '' },
            { term: 'Region', value: customer.region },
            { term: 'Address', value: customer.address && <span style={{ whiteSpace: 'pre-wrap' }}>{customer.address}</span> },
          ]} />
        </Section>
        <Section id="contact-facts" title="Customer contact">
          <Facts facts={[
            { term: 'Name', value: contact.name },
            { term: 'Email', value: contact.email },
            { term: 'Phone', value: contact.phone },
          ]} />
        </Section>
      </SimpleGrid>
      <Section id="terms-facts" title="Amount and dates">
        <Facts facts={[
          { term: 'Total amount', value: deal.amount ? formatMoney(deal.amount) : '' },
          { term: 'Expected close', value: deal.expected_close ? formatDate(deal.expected_close) : '' },
          ...(deal.sequence !== undefined ? [{ term: 'Registration number', value: `#${deal.sequence}` }] : []),
          { term: 'Registered (UTC)', value: deal.registered_at ? formatInstant(deal.registered_at, true) : 'Not yet' },
          { term: 'Protected until (UTC)', value: deal.protected_until ? formatInstant(deal.protected_until) : '' },
        ]} />
        {deal.extension && (
          <Text size="sm" mt="sm" data-testid="extension-state">
            <Text span fw={600}>Extension {EXTENSION_WORDS[deal.extension.status]}.</Text> Asked{' '}
            {formatInstant(deal.extension.requested_at)} UTC: “{deal.extension.reason}”
          </Text>
        )}
      </Section>
      <Section id="lines-facts" title="Product lines">
        {deal.lines.length === 0 ? (
          <Text c="dimmed" size="sm">No product lines.</Text>
        ) : (
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">SKU</Table.Th>
                  <Table.Th scope="col">Description</Table.Th>
                  <Table.Th scope="col" style={{ textAlign: 'right' }}>Quantity</Table.Th>
                  <Table.Th scope="col" style={{ textAlign: 'right' }}>Line total</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {deal.lines.map((line, index) => (
                  <Table.Tr key={`${line.sku}-${index}`}>
                    <Table.Td>{line.sku}</Table.Td>
                    <Table.Td>{line.description}</Table.Td>
                    <Table.Td style={{ textAlign: 'right' }}>{line.quantity}</Table.Td>
                    <Table.Td style={{ textAlign: 'right' }}>{formatMoney(line.amount)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Section>
      <SimpleGrid cols={{ base: 1, md: deal.side === 'partner' ? 2 : 1 }}>
        <Section id="shared-notes" title={deal.side === 'partner' ? 'Notes for the vendor' : 'Notes from the partner'}>
          <Text style={{ whiteSpace: 'pre-wrap' }} c={deal.shared_notes ? undefined : 'dimmed'}>
            {deal.shared_notes || 'None.'}
          </Text>
        </Section>
        {deal.side === 'partner' && (
          <Section id="private-notes" title="Private notes">
            <Text size="xs" c="dimmed" mb={4}>
              <IconLock size={12} aria-hidden /> Only your organisation sees these.
            </Text>
            <Text style={{ whiteSpace: 'pre-wrap' }} c={deal.private_notes ? undefined : 'dimmed'}>
              {deal.private_notes || 'None.'}
            </Text>
          </Section>
        )}
      </SimpleGrid>
    </>
  );
}
