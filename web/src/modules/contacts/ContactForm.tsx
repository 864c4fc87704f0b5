import { Alert, Button, Group, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';

import { ApiError, type FieldErrors } from '../../api/client';
import { countryName } from '../deals/labels';
import { type Contact, type ContactInput, useCreateContact, useUpdateContact } from './api';

type Draft = Required<Omit<ContactInput, 'attributes'>>;

function draftOf(contact: Contact | null): Draft {
  return {
    email: contact?.email ?? '',
    first_name: contact?.first_name ?? '',
    last_name: contact?.last_name ?? '',
    company: contact?.company ?? '',
    title: contact?.title ?? '',
    phone: contact?.phone ?? '',
    country: contact?.country ?? '',
    region: contact?.region ?? '',
  };
}

export type ContactFormProps = { contact: Contact | null; onDone: () => void };

// Adds a contact, or changes one; the server's messages show next to their fields.
export function ContactForm({ contact, onDone }: ContactFormProps) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(contact));
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const create = useCreateContact();
  const update = useUpdateContact();
  const mutation = contact ? update : create;
  const problem = mutation.error instanceof ApiError ? mutation.error : null;
  const errors: FieldErrors = { ...clientErrors, ...(problem?.fieldErrors ?? {}) };
  const text = (key: keyof Draft) => (event: { currentTarget: { value: string } }) => {
    const value = event.currentTarget.value;
    setDraft((current) => ({ ...current, [key]: key === 'country' ? value.toUpperCase() : value }));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: FieldErrors = {};
    if (!draft.email.trim()) found.email = 'Give the address';
    else if (!/^[^\s@]+@[^\s@]+$/.test(draft.email.trim())) found.email = 'This is not an email address';
    if (draft.country.trim() && !/^[A-Za-z]{2}$/.test(draft.country.trim())) found.country = 'Two letters, such as DE or US';
    setClientErrors(found);
    create.reset();
    update.reset();
    if (Object.keys(found).length > 0) return;
    const input: ContactInput = Object.fromEntries(
      Object.entries(draft).map(([key, value]) => [key, value.trim()]),
    ) as ContactInput;
    if (contact) update.mutate({ id: contact.id, changes: input }, { onSuccess: onDone });
    else create.mutate(input, { onSuccess: onDone });
  };

  return (
    <form onSubmit={submit} noValidate aria-label={contact ? 'Change the contact' : 'Add a contact'}>
      <Stack gap="sm">
        {problem && Object.keys(problem.fieldErrors).length === 0 && (
          <Alert color="red" title={problem.title} role="alert">{problem.detail}</Alert>
        )}
        <TextInput label="Email" type="email" required value={draft.email} onChange={text('email')}
          error={errors.email} data-autofocus />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="First name" value={draft.first_name} onChange={text('first_name')}
            error={errors.first_name} />
          <TextInput label="Last name" value={draft.last_name} onChange={text('last_name')} error={errors.last_name} />
          <TextInput label="Company" value={draft.company} onChange={text('company')} error={errors.company} />
          <TextInput label="Job title" value={draft.title} onChange={text('title')} error={errors.title} />
          <TextInput label="Phone" type="tel" placeholder="+49 30 1234567" value={draft.phone}
            onChange={text('phone')} error={errors.phone} />
          <TextInput label="Country" maxLength={2} value={draft.country} onChange={text('country')}
            description={/^[A-Za-z]{2}$/.test(draft.country) ? countryName(draft.country) : 'Two letters, such as DE'}
            error={errors.country} />
          <TextInput label="Region" value={draft.region} onChange={text('region')} error={errors.region} />
        </SimpleGrid>
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>Cancel</Button>
          <Button type="submit" loading={mutation.isPending}>{contact ? 'Save' : 'Add the contact'}</Button>
        </Group>
      </Stack>
    </form>
  );
}
