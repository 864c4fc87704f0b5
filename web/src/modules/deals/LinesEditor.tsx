import { ActionIcon, Button, Group, Table, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';

import type { FieldErrors } from '../../api/client';
import { emptyLine, type LineDraft } from './form';

export type LinesEditorProps = {
  lines: LineDraft[];
  currency: string;
  errors: FieldErrors;
  required: boolean;
  onChange: (lines: LineDraft[]) => void;
};

// The deal's product lines as rows of inputs, each labelled with its line number.
export function LinesEditor({ lines, currency, errors, required, onChange }: LinesEditorProps) {
  const set = (key: number, field: keyof Omit<LineDraft, 'key'>, value: string) =>
    onChange(lines.map((line) => (line.key === key ? { ...line, [field]: value } : line)));

  return (
    <fieldset style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
      <legend>
        <Text fw={600} size="sm" component="span">
          Product lines
          {required && (
            <Text component="span" c="red" aria-hidden>
              {' '}*
            </Text>
          )}
        </Text>
      </legend>
      {errors.lines && (
        <Text size="sm" c="red" role="alert" id="lines-error">
          {errors.lines}
        </Text>
      )}
      {lines.length === 0 ? (
        <Text size="sm" c="dimmed" my="xs">
          No lines yet. Add the products of the deal, each with its SKU, quantity and line total.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing={4} withRowBorders={false}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col" w={40}>#</Table.Th>
                <Table.Th scope="col">SKU</Table.Th>
                <Table.Th scope="col">Description</Table.Th>
                <Table.Th scope="col" w={110}>Quantity</Table.Th>
                <Table.Th scope="col" w={170}>Line total ({currency})</Table.Th>
                <Table.Th scope="col" w={48}>
                  <span className="visually-hidden">Remove</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {lines.map((line, index) => {
                const at = `lines[${index}]`;
                const number = index + 1;
                return (
                  <Table.Tr key={line.key} style={{ verticalAlign: 'top' }}>
                    <Table.Td pt={10}>{number}</Table.Td>
                    <Table.Td>
                      <TextInput aria-label={`SKU of line ${number}`} value={line.sku} required
                        onChange={(e) => set(line.key, 'sku', e.currentTarget.value)} error={errors[`${at}.sku`]} />
                    </Table.Td>
                    <Table.Td>
                      <TextInput aria-label={`Description of line ${number}`} value={line.description}
                        onChange={(e) => set(line.key, 'description', e.currentTarget.value)}
                        error={errors[`${at}.description`]} />
                    </Table.Td>
                    <Table.Td>
                      <TextInput aria-label={`Quantity of line ${number}`} inputMode="numeric" value={line.quantity}
                        required onChange={(e) => set(line.key, 'quantity', e.currentTarget.value)}
                        error={errors[`${at}.quantity`]} />
                    </Table.Td>
                    <Table.Td>
                      <TextInput aria-label={`Line total of line ${number}`} inputMode="decimal" value={line.amount}
                        placeholder="0.00" required onChange={(e) => set(line.key, 'amount', e.currentTarget.value)}
                        error={errors[`${at}.amount`] ?? errors[`${at}.amount.minor`]} />
                    </Table.Td>
                    <Table.Td>
                      <ActionIcon variant="subtle" color="red" size="lg" aria-label={`Remove line ${number}`}
                        onClick={() => onChange(lines.filter((other) => other.key !== line.key))}>
                        <IconTrash size={18} aria-hidden />
                      </ActionIcon>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Group mt="xs">
        <Button variant="default" size="xs" leftSection={<IconPlus size={14} aria-hidden />}
          onClick={() => onChange([...lines, emptyLine()])}>
          Add a line
        </Button>
      </Group>
    </fieldset>
  );
}
