import { Alert, Button, Group, NativeSelect, Paper, Stack, Text, Textarea, Timeline, Title } from '@mantine/core';
import { IconMail, IconNote, IconPhone, IconPoint } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';

import { ApiError } from '../../api/client';
import { formatInstant } from '../deals/labels';
import { type ActivityInput, type Lead, useAddActivity } from './api';
import { ACTIVITY_LABELS } from './labels';

const ICONS = { note: IconNote, call: IconPhone, email: IconMail } as const;

// The organisation's own record of a lead — notes, calls and emails, and what happened to it —
// with a form to add one. The other side never reads it.
export function LeadActivities({ lead, canWrite }: { lead: Lead; canWrite: boolean }) {
  const add = useAddActivity();
  const [kind, setKind] = useState<NonNullable<ActivityInput['kind']>>('note');
  const [body, setBody] = useState('');
  const [missing, setMissing] = useState(false);
  const problem = add.error instanceof ApiError ? add.error : null;
  const bodyError = missing ? 'Write what happened' : problem?.fieldErrors.body;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMissing(!body.trim());
    if (!body.trim()) return;
    add.mutate({ id: lead.id, input: { kind, body: body.trim() } }, { onSuccess: () => setBody('') });
  };

  // Newest first, whatever order they come in; same-time entries keep the server's order.
  const activities = [...lead.activities].sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at));
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="activities-heading">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="activities-heading">Activities</Title>
        <Text size="sm" c="dimmed">Newest first, times in UTC; only your organisation reads these</Text>
      </Group>
      {canWrite && (
        <form onSubmit={submit} noValidate aria-label="Add an activity">
          <Group align="flex-start" gap="sm" mb="md">
            <NativeSelect label="Kind" value={kind} w={120}
              onChange={(e) => setKind(e.currentTarget.value as typeof kind)} error={problem?.fieldErrors.kind}
              data={[{ value: 'note', label: 'Note' }, { value: 'call', label: 'Call' }, { value: 'email', label: 'Email' }]} />
            <Textarea label="What happened" value={body} onChange={(e) => setBody(e.currentTarget.value)} autosize minRows={1}
              maxLength={5000} error={bodyError} style={{ flex: 1, minWidth: 240 }} />
            <Button type="submit" mt={25} loading={add.isPending}>Add</Button>
          </Group>
          {problem && Object.keys(problem.fieldErrors).length === 0 && (
            <Alert color="red" title={problem.title} role="alert" mb="md">{problem.detail}</Alert>
          )}
        </form>
      )}
      {activities.length === 0 ? (
        <Text size="sm" c="dimmed">Nothing recorded yet.</Text>
      ) : (
        <Timeline bulletSize={22} lineWidth={2}>
          {activities.map((activity) => {
            const Icon = ICONS[activity.kind as keyof typeof ICONS] ?? IconPoint;
            return (
              <Timeline.Item key={activity.id} bullet={<Icon size={12} aria-hidden />}
                title={<Text size="sm" fw={600} component="span">{ACTIVITY_LABELS[activity.kind]}</Text>}>
                <Stack gap={2}>
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{activity.body}</Text>
                  <Text size="xs" c="dimmed">{formatInstant(activity.created_at)}</Text>
                </Stack>
              </Timeline.Item>
            );
          })}
        </Timeline>
      )}
    </Paper>
  );
}
