import { Alert, Button, Checkbox, Code, Group, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';

import { ApiError } from '../../api/client';
import type { EndpointInput, WebhookEndpoint } from './api';
import { ALL_EVENTS, EVENT_KINDS, EVENT_LABELS } from './labels';

export type EndpointFormProps = {
  // The endpoint to change, or null for a new one.
  endpoint: WebhookEndpoint | null;
  submitLabel: string;
  pending: boolean;
  error: Error | null;
  onSubmit: (input: Required<Pick<EndpointInput, 'url' | 'description' | 'events'>>) => void;
  onCancel?: () => void;
};

// An endpoint's URL, description and the event kinds it receives; the server's messages show
// next to the fields they name.
export function EndpointForm({ endpoint, submitLabel, pending, error, onSubmit, onCancel }: EndpointFormProps) {
  const [url, setUrl] = useState(endpoint?.url ?? '');
  const [description, setDescription] = useState(endpoint?.description ?? '');
  const [allEvents, setAllEvents] = useState(endpoint ? endpoint.events.includes(ALL_EVENTS) : true);
  const [kinds, setKinds] = useState<string[]>(
    endpoint && !endpoint.events.includes(ALL_EVENTS) ? endpoint.events : EVENT_KINDS,
  );
  const problem = error instanceof ApiError ? error : null;
  const errors = problem?.fieldErrors ?? {};
  const unplaced = error && Object.keys(errors).length === 0;
  // Kinds the endpoint was given through the API that this form does not name stay choosable.
  const choices = [...EVENT_KINDS, ...kinds.filter((kind) => !EVENT_KINDS.includes(kind))];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit({ url: url.trim(), description: description.trim(), events: allEvents ? [ALL_EVENTS] : kinds });
  };

  return (
    <form onSubmit={submit} noValidate aria-label={endpoint ? 'Change endpoint' : 'New endpoint'}>
      <Stack gap="sm">
        {unplaced && (
          <Alert color="red" title={problem?.title ?? 'Cannot save'} role="alert">
            {problem?.detail || error.message}
          </Alert>
        )}
        <TextInput label="URL" required type="url" placeholder="https://crm.example.com/hooks/strata" value={url}
          description="Strata POSTs each event here as JSON. Use https."
          maxLength={2048} error={errors.url} data-autofocus onChange={(e) => setUrl(e.currentTarget.value)} />
        <TextInput label="Description" placeholder="CRM sync" value={description} maxLength={500}
          error={errors.description} onChange={(e) => setDescription(e.currentTarget.value)} />
        <Stack gap="xs">
          <Checkbox label="All events, including kinds added later" checked={allEvents}
            onChange={(e) => setAllEvents(e.currentTarget.checked)} />
          <Checkbox.Group label="Events" value={allEvents ? choices : kinds} onChange={setKinds}
            description={allEvents ? 'Every kind is sent. Clear “All events” to choose.' : 'Only these kinds are sent.'}
            error={errors.events}>
            <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs" spacing="xs">
              {choices.map((kind) => (
                <Checkbox key={kind} value={kind} disabled={allEvents}
                  label={<><Code>{kind}</Code>{EVENT_LABELS[kind] && <Text span size="sm"> {EVENT_LABELS[kind]}</Text>}</>} />
              ))}
            </SimpleGrid>
          </Checkbox.Group>
        </Stack>
        <Group justify="flex-end">
          {onCancel && <Button variant="default" onClick={onCancel}>Cancel</Button>}
          <Button type="submit" loading={pending}>{submitLabel}</Button>
        </Group>
      </Stack>
    </form>
  );
}
