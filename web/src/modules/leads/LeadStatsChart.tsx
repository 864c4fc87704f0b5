import { BarChart } from '@mantine/charts';
import { Paper, Table, Text, Title } from '@mantine/core';

import type { LeadPartnerStats } from './api';

// A share as a whole percentage; null when there is nothing to divide by.
export function rate(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 100) : null;
}

const percent = (value: number | null) => (value === null ? '—' : `${value} %`);

// Per partner, how many offered leads it accepted and how many accepted it registered as deals:
// a chart to compare, and the same numbers in a table to read.
export function LeadStatsChart({ stats }: { stats: LeadPartnerStats[] }) {
  const rows = stats.map((row) => ({
    partner: row.partner.name,
    acceptance: rate(row.accepted, row.offered),
    conversion: rate(row.converted, row.accepted),
    row,
  }));
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="stats-heading">
      <Title order={2} size="h4" id="stats-heading" mb={4}>How partners answer</Title>
      <Text size="sm" c="dimmed" mb="md">
        Acceptance: accepted of offered. Conversion: registered as a deal with you, of accepted.
      </Text>
      <div role="img" aria-label="Bar chart of the acceptance and conversion rates by partner; the table below gives the same numbers.">
        <BarChart h={Math.max(180, rows.length * 56 + 60)} data={rows.map(({ partner, acceptance, conversion }) => ({
          partner, 'Acceptance rate': acceptance ?? 0, 'Conversion rate': conversion ?? 0,
        }))}
          dataKey="partner" orientation="vertical" yAxisProps={{ width: 140 }}
          xAxisProps={{ domain: [0, 100], tickFormatter: (value: number) => `${value} %` }}
          valueFormatter={(value) => `${value} %`} withLegend gridAxis="x"
          series={[{ name: 'Acceptance rate', color: 'blue.7' }, { name: 'Conversion rate', color: 'teal.7' }]} />
      </div>
      <Table.ScrollContainer minWidth={720} mt="md">
        <Table verticalSpacing="xs" aria-label="Acceptance and conversion by partner">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Partner</Table.Th>
              <Table.Th scope="col" style={{ textAlign: 'right' }}>Offered</Table.Th>
              <Table.Th scope="col" style={{ textAlign: 'right' }}>Accepted</Table.Th>
              <Table.Th scope="col" style={{ textAlign: 'right' }}>Declined</Table.Th>
              <Table.Th scope="col" style={{ textAlign: 'right' }}>Lapsed</Table.Th>
              <Table.Th scope="col" style={{ textAlign: 'right' }}>Won</Table.Th>
              <Table.Th scope="col" style={{ textAlign: 'right' }}>Lost</Table.Th>
              <Table.Th scope="col" style={{ textAlign: 'right' }}>Registered</Table.Th>
              <Table.Th scope="col" style={{ textAlign: 'right' }}>Acceptance rate</Table.Th>
              <Table.Th scope="col" style={{ textAlign: 'right' }}>Conversion rate</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map(({ partner, acceptance, conversion, row }) => (
              <Table.Tr key={row.partner.id}>
                <Table.Th scope="row" fw={600} style={{ whiteSpace: 'nowrap' }}>{partner}</Table.Th>
                {[row.offered, row.accepted, row.declined, row.lapsed, row.won, row.lost, row.converted].map((value, index) => (
                  <Table.Td key={index} style={{ textAlign: 'right' }}>{value}</Table.Td>
                ))}
                <Table.Td style={{ textAlign: 'right' }}>{percent(acceptance)}</Table.Td>
                <Table.Td style={{ textAlign: 'right' }}>{percent(conversion)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
