import { Alert, Anchor, Button, Group, NativeSelect, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconReceipt } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';

import { ApiError } from '../../api/client';
import { useVendors } from '../network/api';
import { useMembers } from '../team/api';
import { type Lead, type LeadStatus, useUpdateLead } from './api';
import { ConvertForm } from './ConvertForm';
import { LEAD_STATUS_LABELS, PARTNER_STATUSES } from './labels';
import { OfferAnswer } from './OfferAnswer';
import { SlaCountdown } from './SlaCountdown';

// What the partner a lead was offered to does with it: answer the offer, then report how it goes,
// give it to a member and register it as a deal.
export function PartnerPanel({ lead, canWrite }: { lead: Lead; canWrite: boolean }) {
  const navigate = useNavigate();
  if (lead.offer_state === 'offered') {
    return (
      <Paper withBorder p="md" component="section" aria-labelledby="offer-heading">
        <Stack gap="sm">
          <Title order={2} size="h4" id="offer-heading">{lead.origin?.name ?? 'A sender'} offers you this lead</Title>
          {lead.answer_due_at && <SlaCountdown dueAt={lead.answer_due_at} size="md" />}
          <Text size="sm" c="dimmed">
            Accept it to work it and register it as a deal; decline it and it goes to another partner.
          </Text>
          {canWrite && <OfferAnswer lead={lead} onDeclined={() => navigate('/leads')} />}
        </Stack>
      </Paper>
    );
  }
  return (
    <Stack>
      <StatusAndAssignment lead={lead} canWrite={canWrite} />
      <Registration lead={lead} canWrite={canWrite} />
    </Stack>
  );
}

function StatusAndAssignment({ lead, canWrite }: { lead: Lead; canWrite: boolean }) {
  const members = useMembers();
  const update = useUpdateLead();
  const assign = useUpdateLead();
  const reported = PARTNER_STATUSES.includes(lead.status) ? lead.status : '';
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
              data={[{ value: '', label: 'Accepted, not contacted yet', disabled: true },
                ...PARTNER_STATUSES.map((s) => ({ value: s, label: LEAD_STATUS_LABELS[s] }))]} />
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

function Registration({ lead, canWrite }: { lead: Lead; canWrite: boolean }) {
  const navigate = useNavigate();
  const vendors = useVendors();
  const [open, setOpen] = useState(false);
  if (lead.deal_id) {
    return (
      <Alert color="teal" variant="light" icon={<IconReceipt size={18} aria-hidden />} title="Registered as a deal">
        <Anchor component={Link} to={`/deals/${lead.deal_id}`}>Open the deal</Anchor>
      </Alert>
    );
  }
  if (!canWrite) return null;
  if (!open) {
    return (
      <Group>
        <Button leftSection={<IconReceipt size={16} aria-hidden />} onClick={() => setOpen(true)}
          disabled={vendors.isPending || (vendors.data?.length ?? 0) === 0}>
          Register as deal
        </Button>
        {vendors.data?.length === 0 && <Text size="sm" c="dimmed">You register deals once a vendor has you as a partner.</Text>}
      </Group>
    );
  }
  return (
    <ConvertForm lead={lead} vendors={vendors.data ?? []} onCancel={() => setOpen(false)}
      onConverted={(dealId) => navigate(`/deals/${dealId}`)} />
  );
}
