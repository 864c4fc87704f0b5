import { Alert, Button, Group, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { type FormEvent, useRef, useState } from 'react';

import { ApiError, type FieldErrors } from '../../api/client';
import { countryName } from '../deals/labels';
import { type Lead, useCreateLead, useUpdateLead } from './api';
import { draftFromLead, emptyLeadDraft, errorsByField, LEAD_FIELD_OF, type LeadDraft, leadBody } from './form';

export type LeadFormProps = {
  // The lead being changed; a new one when absent.
  lead?: Lead;
  onSaved: (lead: Lead) => void;
  onCancel?: () => void;
};

// Adds a lead the organisation owns, or changes one no partner holds; messages show by their fields.
export function LeadForm({ lead, onSaved, onCancel }: LeadFormProps) {
  const [draft, setDraft] = useState<LeadDraft>(() => (lead ? draftFromLead(lead) : emptyLeadDraft()));
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const formRef = useRef<HTMLFormElement>(null);
  const create = useCreateLead();
  const update = useUpdateLead();
  const mutation = lead ? update : create;
  const problem = mutation.error instanceof ApiError ? mutation.error : null;
  const errors = errorsByField({ ...clientErrors, ...(problem?.fieldErrors ?? {}) });
  const unplaced = Object.entries(problem?.fieldErrors ?? {}).filter(([name]) => !(name in LEAD_FIELD_OF));

  const text = (key: keyof LeadDraft) => (event: { currentTarget: { value: string } }) => {
    const value = event.currentTarget.value;
    setDraft((current) => ({ ...current, [key]: key === 'country' ? value.toUpperCase() : value }));
  };

  // Takes the keyboard to the first field with a message, once the messages are on screen.
  const focusFirstError = () =>
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const { body, errors: found } = leadBody(draft);
    setClientErrors(found);
    create.reset();
    update.reset();
    if (Object.keys(found).length > 0) {
      focusFirstError();
      return;
    }
    const done = { onSuccess: onSaved, onError: focusFirstError };
    if (lead) {
      update.mutate({ id: lead.id, changes: { ...body, region: body.region ?? '', product: body.product ?? '',
        notes: body.notes ?? '' } }, done);
    } else {
      create.mutate(body, done);
    }
  };

  const country = draft.country.trim();
  return (
    <form ref={formRef} onSubmit={submit} noValidate aria-label={lead ? 'Change the lead' : 'New lead'}>
      <Stack gap="md">
        {problem && (Object.keys(problem.fieldErrors).length === 0 || unplaced.length > 0) && (
          <Alert color="red" title={problem.status === 400 ? 'Some fields need attention' : problem.title} role="alert">
            {unplaced.length > 0 ? unplaced.map(([name, message]) => `${name}: ${message}`).join('; ') : problem.detail}
          </Alert>
        )}
        <TextInput label="Company" required value={draft.company} onChange={text('company')}
          error={errors.company} autoComplete="organization" maxLength={200} />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput label="Contact name" value={draft.contactName} onChange={text('contactName')}
            error={errors.contactName} autoComplete="off" description="The name or the email address is needed" />
          <TextInput label="Contact email" type="email" value={draft.contactEmail} onChange={text('contactEmail')}
            error={errors.contactEmail} autoComplete="off" />
          <TextInput label="Contact phone" type="tel" value={draft.contactPhone} onChange={text('contactPhone')}
            error={errors.contactPhone} autoComplete="off" description="With the country code, such as +49 30 1234567" />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput label="Country" required value={draft.country} onChange={text('country')} maxLength={2}
            error={errors.country}
            description={/^[A-Z]{2}$/.test(country) ? countryName(country) : 'Two letters, such as DE or US'} />
          <TextInput label="Region" value={draft.region} onChange={text('region')} error={errors.region}
            description="Optional, such as Bavaria" />
          <TextInput label="Product" value={draft.product} onChange={text('product')} error={errors.product}
            description="What the customer is after" />
        </SimpleGrid>
        <Textarea label="Notes" value={draft.notes} onChange={text('notes')} error={errors.notes} autosize minRows={3}
          description="The partner you pass the lead to reads these." />
        <Group justify="flex-end">
          {onCancel && (
            <Button variant="default" onClick={onCancel} disabled={mutation.isPending}>Cancel</Button>
          )}
          <Button type="submit" loading={mutation.isPending}>{lead ? 'Save changes' : 'Add lead'}</Button>
        </Group>
      </Stack>
    </form>
  );
}
