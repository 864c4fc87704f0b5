import { Alert, Button, Group, NativeSelect, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';

import { ApiError } from '../../api/client';
import { useMembers } from '../team/api';
import { type Lead, type LeadStatus, useUpdateLead } from './api';
import { LEAD_STATUS_LABELS } from './labels';

export type LeadProgressProps = {
  lead: Lead;
  canWrite: boolean;
  // The statuses this organisation may report, and what the list says before one is chosen.
  statuses: LeadStatus[];
  placeholder: string;
};

// How a lead goes, and who works it: its status (with why it was lost) and the member assigned.
export function LeadProgress({ lead, canWrite, statuses, placeholder }: LeadProgressProps) {
  const members = useMembers();
  const update = useUpdateLead();
  const assign = useUpdateLead();
  const reported = statuses.includes(lead.status) ? lead.status : '';
  const [status, setStatus] = useState<LeadStatus | ''>(reported);
  const [lostReason, setLostReason] = useState(lead.lost_reason);
  const [saved, setSaved] = useState(false);
  const problem = update.error instanceof ApiError ? update.error : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!status) return;
    setSaved(false);
    update.mutate({ id: lead.id, changes: status === 'lost' ? { status, lost_reason: lostReason.trim() } : { status } },
      { onSuccess: () => setSaved(true) });
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="progress-heading">
      <Title order={2} size="h4" id="progress-heading" mb="sm">Progress</Title>
      <Stack gap="md">
        <form onSubmit={submit} noValidate aria-label="Lead status">
          <Group align="flex-start" gap="sm">
            <NativeSelect label="Status" value={status} disabled={!canWrite} w={200}
              onChange={(e) => { setStatus(e.currentTarget.value as LeadStatus); setSaved(false); }}
              error={problem?.fieldErrors.status}
              data={[...(reported ? [] : [{ value: '', label: placeholder, disabled: true }]),
                ...statuses.map((s) => ({ value: s, label: LEAD_STATUS_LABELS[s] }))]} />
            {status === 'lost' && (
              <TextInput label="Why was it lost?" required value={lostReason} disabled={!canWrite} w={280}
                onChange={(e) => setLostReason(e.currentTarget.value)} error={problem?.fieldErrors.lost_reason} />
            )}
            {canWrite && (
              <Button type="submit" mt={25} loading={update.isPending} disabled={!status || status === lead.status}>
                Save status
              </Button>
            )}
          </Group>
          {saved && <Text size="sm" className="text-success" mt={4} role="status">Status saved</Text>}
          {problem && Object.keys(problem.fieldErrors).length === 0 && (
            <Alert color="red" title={problem.title} role="alert" mt="sm">{problem.detail}</Alert>
          )}
        </form>
        <NativeSelect label="Assigned to" value={lead.assigned_user_id ?? ''} w={280}
          disabled={!canWrite || assign.isPending || members.isPending}
          onChange={(e) => assign.mutate({ id: lead.id, changes: { assigned_user_id: e.currentTarget.value || null } })}
          error={assign.error instanceof ApiError ? (assign.error.fieldErrors.assigned_user_id ?? assign.error.message) : undefined}
          data={[{ value: '', label: 'Nobody' },
            ...(members.data ?? []).map((member) => ({ value: member.user_id, label: member.name || member.email }))]} />
      </Stack>
    </Paper>
  );
}
