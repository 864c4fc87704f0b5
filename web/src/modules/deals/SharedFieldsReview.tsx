import { Alert, List, Stack, Text } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';

import type { DealBody } from './form';
import { countryName, formatDate, SHARED_FIELD_LABELS } from './labels';
import { formatMoney } from './money';

export type SharedValues = Pick<DealBody, 'customer' | 'contact' | 'expected_close' | 'lines' | 'shared_notes'> & {
  amount?: DealBody['amount'] | null;
};

export type SharedFieldsReviewProps = {
  sharedFields: string[];
  values: SharedValues;
  vendorName: string;
  distributorName: string | null;
  partnerName: string;
  hasPrivateNotes: boolean;
};

const joined = (parts: (string | undefined)[]) => parts.filter((part) => part && part.trim()).join(' · ') || 'not given';

function valueOf(field: string, values: SharedValues): string {
  switch (field) {
    case 'customer': {
      const { company, website, country, region, address } = values.customer;
      return joined([company, website, country ? countryName(country) : '', region, address]);
    }
    case 'contact':
      return joined([values.contact?.name, values.contact?.email, values.contact?.phone]);
    case 'amount':
      return values.amount ? formatMoney(values.amount) : 'not given';
    case 'expected_close':
      return values.expected_close ? formatDate(values.expected_close) : 'not given';
    case 'lines': {
      const count = values.lines?.length ?? 0;
      return count === 0 ? 'none' : `${count} ${count === 1 ? 'line' : 'lines'}`;
    }
    case 'shared_notes':
      return values.shared_notes?.trim() ? values.shared_notes.trim() : 'none';
    default:
      return '';
  }
}

// Exactly what a registration shares with the vendor (and the distributor), and what it keeps back.
export function SharedFieldsReview({
  sharedFields,
  values,
  vendorName,
  distributorName,
  partnerName,
  hasPrivateNotes,
}: SharedFieldsReviewProps) {
  const audience = distributorName ? `${vendorName} and ${distributorName}` : vendorName;
  const never = distributorName ? `neither ${vendorName} nor ${distributorName} sees them` : `${vendorName} never sees them`;
  return (
    <Stack gap="sm">
      <Text>
        Registering shares the following with <strong>{audience}</strong>, with {partnerName} named as the
        registering partner:
      </Text>
      <List spacing={6} data-testid="shared-fields">
        {sharedFields.map((field) => (
          <List.Item key={field}>
            <Text span fw={600}>{SHARED_FIELD_LABELS[field] ?? field}</Text>
            <Text span c="dimmed"> — {valueOf(field, values)}</Text>
          </List.Item>
        ))}
      </List>
      <Alert color="gray" variant="light" icon={<IconLock size={18} aria-hidden />} title="Stays with you">
        {hasPrivateNotes ? 'Your private notes' : 'Private notes'} stay with {partnerName}: {never}.
      </Alert>
    </Stack>
  );
}
