import { Alert, Button, Checkbox, Group, List, NativeSelect, Paper, SimpleGrid, Stack, Switch, Textarea, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';

import { ApiError, type FieldErrors } from '../../api/client';
import { CURRENCIES, parseAmount } from '../deals/money';
import type { VendorEntry } from '../network/api';
import { type ConvertInput, type Lead, useConvertLead } from './api';

export type ConvertFormProps = {
  lead: Lead;
  vendors: VendorEntry[];
  onConverted: (dealId: string) => void;
  onCancel: () => void;
};

// The vendors to choose from, the lead's sender first when it is one of them.
export function vendorChoices(vendors: VendorEntry[], senderId: string | null | undefined): VendorEntry[] {
  const sorted = [...vendors].sort((a, b) => a.vendor.name.localeCompare(b.vendor.name));
  const sender = sorted.findIndex((entry) => entry.vendor.id === senderId);
  if (sender > 0) sorted.unshift(...sorted.splice(sender, 1));
  return sorted;
}

const SHOWN = new Set(['vendor_id', 'distributor_id', 'amount', 'amount.minor', 'amount.currency', 'expected_close',
  'shared_notes']);

// Registers the lead as a deal with one of the partner's vendors in one step, or keeps it a draft.
export function ConvertForm({ lead, vendors, onConverted, onCancel }: ConvertFormProps) {
  const choices = vendorChoices(vendors, lead.origin_org_id);
  const [vendorId, setVendorId] = useState(choices[0]?.vendor.id ?? '');
  const [shareContact, setShareContact] = useState(true);
  const [sharedNotes, setSharedNotes] = useState('');
  const [amount, setAmount] = useState('');
  const [currency, setCurrency] = useState('EUR');
  const [expectedClose, setExpectedClose] = useState('');
  const [submitNow, setSubmitNow] = useState(true);
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const convert = useConvertLead();
  const problem = convert.error instanceof ApiError ? convert.error : null;
  const errors: FieldErrors = { ...clientErrors, ...(problem?.fieldErrors ?? {}) };
  const others = Object.entries(problem?.fieldErrors ?? {}).filter(([name]) => !SHOWN.has(name));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: FieldErrors = {};
    if (!vendorId) found.vendor_id = 'Choose the vendor';
    const parsed = parseAmount(amount, currency);
    if (parsed && 'error' in parsed) found.amount = parsed.error;
    if (expectedClose && !/^\d{4}-\d{2}-\d{2}$/.test(expectedClose)) found.expected_close = 'Use a date such as 2026-09-30';
    setClientErrors(found);
    convert.reset();
    if (Object.keys(found).length > 0) return;
    const entry = choices.find((choice) => choice.vendor.id === vendorId);
    const direct = entry?.routes.some((route) => route.type === 'direct') ?? true;
    const input: ConvertInput = {
      vendor_id: vendorId,
      submit: submitNow,
      share_contact: shareContact,
      shared_notes: sharedNotes.trim(),
      ...(direct ? {} : { distributor_id: entry?.routes.find((route) => route.distributor)?.distributor?.id ?? null }),
      ...(parsed && 'minor' in parsed ? { amount: { minor: parsed.minor, currency } } : {}),
      ...(expectedClose ? { expected_close: expectedClose } : {}),
    };
    convert.mutate({ id: lead.id, input }, { onSuccess: (answer) => onConverted(answer.deal_id) });
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="convert-heading">
      <form onSubmit={submit} noValidate aria-labelledby="convert-heading">
        <Stack gap="md">
          <Title order={2} size="h4" id="convert-heading">Register as a deal</Title>
          {problem && (Object.keys(problem.fieldErrors).length === 0 || others.length > 0) && (
            <Alert color="red" title={problem.status === 400 ? 'The vendor asks for more' : problem.title} role="alert">
              {others.length > 0 ? (
                <List size="sm">
                  {others.map(([name, message]) => <List.Item key={name}>{name}: {message}</List.Item>)}
                </List>
              ) : problem.detail}
            </Alert>
          )}
          <NativeSelect label="Vendor" required value={vendorId} onChange={(e) => setVendorId(e.currentTarget.value)}
            error={errors.vendor_id}
            data={choices.length === 0 ? [{ value: '', label: 'No vendors yet' }]
              : choices.map((entry) => ({
                value: entry.vendor.id,
                label: entry.vendor.id === lead.origin_org_id ? `${entry.vendor.name} (sent this lead)` : entry.vendor.name,
              }))} />
          <Checkbox label={`Share the contact (${[lead.contact.name, lead.contact.email].filter(Boolean).join(', ') || 'none'})`}
            checked={shareContact} onChange={(e) => setShareContact(e.currentTarget.checked)} />
          <Textarea label="Notes for the vendor" value={sharedNotes} onChange={(e) => setSharedNotes(e.currentTarget.value)}
            error={errors.shared_notes} autosize minRows={2} description="The vendor reads these; your activities stay yours." />
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput label="Amount" value={amount} onChange={(e) => setAmount(e.currentTarget.value)} inputMode="decimal"
              error={errors.amount ?? errors['amount.minor']} placeholder="12500.00" />
            <NativeSelect label="Currency" value={currency} onChange={(e) => setCurrency(e.currentTarget.value)}
              error={errors['amount.currency']} data={CURRENCIES} />
            <TextInput label="Expected close" type="date" value={expectedClose}
              onChange={(e) => setExpectedClose(e.currentTarget.value)} error={errors.expected_close} />
          </SimpleGrid>
          <Switch label="Submit to the vendor now" description="Off: keep it as a draft in your deals to finish later."
            checked={submitNow} onChange={(e) => setSubmitNow(e.currentTarget.checked)} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onCancel} disabled={convert.isPending}>Cancel</Button>
            <Button type="submit" loading={convert.isPending} disabled={choices.length === 0}>
              {submitNow ? 'Register the deal' : 'Save as draft'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
