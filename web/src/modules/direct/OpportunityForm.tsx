import { Alert, Button, Group, NativeSelect, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';

import { ApiError, type FieldErrors } from '../../api/client';
import { countryName } from '../deals/labels';
import { amountText, CURRENCIES, parseAmount } from '../deals/money';
import {
  type DirectOpportunity,
  type DirectOpportunityInput,
  type OpportunityStatus,
  useCreateOpportunity,
  useUpdateOpportunity,
} from './api';

export const OPPORTUNITY_STATUS_LABELS: Record<OpportunityStatus, string> = { open: 'Open', won: 'Won', lost: 'Lost' };

type Draft = {
  company: string;
  website: string;
  country: string;
  region: string;
  amount: string;
  currency: string;
  expectedClose: string;
  owner: string;
  externalId: string;
  status: OpportunityStatus;
  notes: string;
};

function draftOf(opportunity: DirectOpportunity | null): Draft {
  const amount = opportunity?.amount;
  return {
    company: opportunity?.company ?? '',
    website: opportunity?.website ?? '',
    country: opportunity?.country ?? '',
    region: opportunity?.region ?? '',
    amount: amount ? amountText(amount.minor, amount.currency) : '',
    currency: amount?.currency ?? 'USD',
    expectedClose: opportunity?.expected_close ?? '',
    owner: opportunity?.owner ?? '',
    externalId: opportunity?.external_id ?? '',
    status: opportunity?.status ?? 'open',
    notes: opportunity?.notes ?? '',
  };
}

export type OpportunityFormProps = { opportunity: DirectOpportunity | null; onDone: () => void };

// Adds an opportunity the vendor's own sales team works, or changes one.
export function OpportunityForm({ opportunity, onDone }: OpportunityFormProps) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(opportunity));
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const create = useCreateOpportunity();
  const update = useUpdateOpportunity();
  const mutation = opportunity ? update : create;
  const problem = mutation.error instanceof ApiError ? mutation.error : null;
  const errors = { ...clientErrors, ...(problem?.fieldErrors ?? {}) };
  const set = (key: keyof Draft, value: string) => setDraft((current) => ({ ...current, [key]: value }));
  const text = (key: keyof Draft) => (event: { currentTarget: { value: string } }) => set(key, event.currentTarget.value);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: FieldErrors = {};
    if (!draft.company.trim()) found.company = 'Give the company name';
    if (draft.country.trim() && !/^[A-Za-z]{2}$/.test(draft.country.trim())) found.country = 'Two letters, such as DE or US';
    const amount = parseAmount(draft.amount, draft.currency);
    if (amount && 'error' in amount) found.amount = amount.error;
    setClientErrors(found);
    create.reset();
    update.reset();
    if (Object.keys(found).length > 0) return;
    const input: DirectOpportunityInput = {
      company: draft.company.trim(),
      website: draft.website.trim(),
      country: draft.country.trim().toUpperCase(),
      region: draft.region.trim(),
      amount: amount && 'minor' in amount ? { minor: amount.minor, currency: draft.currency } : null,
      expected_close: draft.expectedClose || null,
      owner: draft.owner.trim(),
      external_id: draft.externalId.trim() || null,
      status: draft.status,
      notes: draft.notes,
    };
    if (opportunity) update.mutate({ id: opportunity.id, changes: input }, { onSuccess: onDone });
    else create.mutate(input, { onSuccess: onDone });
  };

  return (
    <form onSubmit={submit} noValidate aria-label={opportunity ? 'Change the opportunity' : 'Add an opportunity'}>
      <Stack gap="sm">
        {problem && Object.keys(problem.fieldErrors).length === 0 && (
          <Alert color="red" title={problem.title} role="alert">{problem.detail}</Alert>
        )}
        <TextInput label="Company" required value={draft.company} onChange={text('company')} error={errors.company}
          data-autofocus />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="Website" placeholder="example.com" value={draft.website} onChange={text('website')}
            error={errors.website} />
          <TextInput label="Country" maxLength={2} value={draft.country}
            description={/^[A-Za-z]{2}$/.test(draft.country) ? countryName(draft.country) : 'Two letters, such as DE'}
            onChange={(e) => set('country', e.currentTarget.value.toUpperCase())}
            error={errors.country} />
          <TextInput label="Region" value={draft.region} onChange={text('region')} error={errors.region} />
          <TextInput label="Expected close" type="date" value={draft.expectedClose} onChange={text('expectedClose')}
            error={errors.expected_close} />
        </SimpleGrid>
        <Group align="flex-start" gap="sm" grow>
          <TextInput label="Amount" inputMode="decimal" placeholder="25000.00" value={draft.amount}
            onChange={text('amount')} error={errors.amount ?? errors['amount.minor']} />
          <NativeSelect label="Currency" data={CURRENCIES} value={draft.currency} onChange={text('currency')}
            error={errors['amount.currency']} />
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput label="Sales rep" value={draft.owner} onChange={text('owner')} error={errors.owner} />
          <TextInput label="CRM id" description="Its id in your CRM; an import updates it." value={draft.externalId}
            onChange={text('externalId')} error={errors.external_id} />
          <NativeSelect label="Status" value={draft.status} onChange={text('status')} error={errors.status}
            data={(Object.keys(OPPORTUNITY_STATUS_LABELS) as OpportunityStatus[]).map((value) => ({
              value,
              label: OPPORTUNITY_STATUS_LABELS[value],
            }))} />
        </SimpleGrid>
        <Textarea label="Notes" autosize minRows={2} value={draft.notes} onChange={text('notes')} error={errors.notes} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>Cancel</Button>
          <Button type="submit" loading={mutation.isPending}>{opportunity ? 'Save' : 'Add the opportunity'}</Button>
        </Group>
      </Stack>
    </form>
  );
}
