import { Code, Table } from '@mantine/core';

import type { RejectedRow } from '../../api/client';

// The rows an import refused: each with its line in the file, the column and why.
export function RejectedRows({ rows, fieldHeading = 'Column' }: { rows: RejectedRow[]; fieldHeading?: string }) {
  return (
    <Table.ScrollContainer minWidth={480}>
      <Table verticalSpacing={4} aria-label="Rejected rows" striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Line</Table.Th>
            <Table.Th scope="col">{fieldHeading}</Table.Th>
            <Table.Th scope="col">Problem</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row, index) => (
            <Table.Tr key={`${row.line}-${row.field}-${index}`} data-testid="rejected-row">
              <Table.Td>{row.line}</Table.Td>
              <Table.Td>{row.field && <Code>{row.field}</Code>}</Table.Td>
              <Table.Td>{row.message}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
