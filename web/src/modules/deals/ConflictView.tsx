import { Anchor, Badge, List, Paper, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

import type { Deal, DealConflict } from './api';
import { countryName, formatInstant, STATUS_LABELS } from './labels';

// Who holds a conflicting record: another partner, or the vendor's own sales team.
function holder(conflict: DealConflict): string {
  if (conflict.partner) return conflict.partner.name;
  return `Direct sales (${conflict.owner?.trim() || 'no owner'})`;
}

function statusWord(status: string): string {
  return STATUS_LABELS[status as keyof typeof STATUS_LABELS] ?? status.charAt(0).toUpperCase() + status.slice(1);
}

type Column = {
  key: string;
  heading: ReactNode;
  company: string;
  website: string;
  country: string;
  holder: string;
  sequence: string;
  registered: string;
  order: ReactNode;
  status: string;
  score: ReactNode;
  reasons: ReactNode;
};

// The vendor's view of a registration beside each record that may be the same customer: the
// vendor decides who was first and whether they are the same company.
export function ConflictView({ deal }: { deal: Deal }) {
  const conflicts = [...(deal.conflicts ?? [])].sort((a, b) => b.score - a.score);
  const columns: Column[] = [
    {
      key: 'this',
      heading: 'This registration',
      company: deal.customer.company,
      website: deal.customer.website,
      country: deal.customer.country,
      holder: deal.partner.name,
      sequence: deal.sequence !== undefined ? `#${deal.sequence}` : '—',
      registered: formatInstant(deal.registered_at, true),
      order: '—',
      status: STATUS_LABELS[deal.status],
      score: '—',
      reasons: '—',
    },
    ...conflicts.map((conflict, index): Column => ({
      key: conflict.deal_id ?? conflict.direct_opportunity_id ?? String(index),
      heading: conflict.deal_id ? (
        <Anchor component={Link} to={`/deals/${conflict.deal_id}`}>
          {conflict.sequence !== undefined ? `Registration #${conflict.sequence}` : 'Registration'}
        </Anchor>
      ) : (
        'Direct opportunity'
      ),
      company: conflict.company,
      website: conflict.website ?? '',
      country: conflict.country ?? '',
      holder: holder(conflict),
      sequence: conflict.sequence !== undefined ? `#${conflict.sequence}` : '—',
      registered: conflict.registered_at ? formatInstant(conflict.registered_at, true) : '—',
      order:
        conflict.earlier === undefined ? (
          '—'
        ) : conflict.earlier ? (
          <Badge color="red.9">Earlier</Badge>
        ) : (
          <Badge variant="default">Later</Badge>
        ),
      status: statusWord(conflict.status),
      score: <Text fw={700}>{Math.round(conflict.score * 100)}%</Text>,
      reasons:
        conflict.reasons.length > 0 ? (
          <List size="sm" spacing={2}>
            {conflict.reasons.map((reason) => (
              <List.Item key={reason}>{reason}</List.Item>
            ))}
          </List>
        ) : (
          '—'
        ),
    })),
  ];
  const rows: { label: string; cell: (column: Column) => ReactNode }[] = [
    { label: 'Company', cell: (c) => <Text fw={600}>{c.company}</Text> },
    { label: 'Website', cell: (c) => c.website || '—' },
    { label: 'Country', cell: (c) => (c.country ? `${countryName(c.country)} (${c.country})` : '—') },
    { label: 'Partner', cell: (c) => c.holder },
    { label: 'Number', cell: (c) => c.sequence },
    { label: 'Registered (UTC)', cell: (c) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{c.registered}</span> },
    { label: 'Compared with this', cell: (c) => c.order },
    { label: 'Status', cell: (c) => c.status },
    { label: 'Match', cell: (c) => c.score },
    { label: 'Why', cell: (c) => c.reasons },
  ];

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="conflicts-heading" data-testid="conflict-view">
      <Title order={2} size="h4" id="conflicts-heading">
        Possible conflicts ({conflicts.length})
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Records that may be the same customer, best match first. Only your organisation sees this comparison.
      </Text>
      <Table.ScrollContainer minWidth={320 + 240 * conflicts.length}>
        <Table withColumnBorders verticalSpacing="xs" style={{ tableLayout: 'fixed' }}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col" w={150}>
                <span className="visually-hidden">Field</span>
              </Table.Th>
              {columns.map((column) => (
                <Table.Th scope="col" key={column.key}>{column.heading}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.label}>
                <Table.Th scope="row">{row.label}</Table.Th>
                {columns.map((column) => (
                  <Table.Td key={column.key} style={{ overflowWrap: 'anywhere', verticalAlign: 'top' }}>
                    {row.cell(column)}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
