import { Alert, Button, Group, NumberInput, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';

import { ApiError } from '../../api/client';
import { type Deal, type Decision, useAnswerExtension, useDecideDeal } from './api';

function problemOf(error: unknown): ApiError | null {
  if (!error) return null;
  return error instanceof ApiError ? error : new ApiError(0, { title: 'That did not work', detail: String(error) });
}

// The reviewer's decision on a registration awaiting it: approve, reject or ask for more.
function DecisionPanel({ deal }: { deal: Deal }) {
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const decide = useDecideDeal();
  const problem = problemOf(decide.error);
  const distributor = deal.side === 'distributor';

  const run = (decision: Decision) => {
    if (decision !== 'approve' && !reason.trim()) {
      setReasonError(decision === 'reject' ? 'Give the reason for rejecting: the partner sees it' : 'Say what information you need');
      return;
    }
    setReasonError(null);
    decide.mutate({ id: deal.id, decision, reason }, { onSuccess: () => setReason('') });
  };
  const pending = (decision: Decision) => decide.isPending && decide.variables?.decision === decision;

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="decision-heading">
      <Title order={2} size="h4" id="decision-heading">Your decision</Title>
      <Text size="sm" c="dimmed" mb="sm">
        {distributor
          ? `Approving passes the registration on to ${deal.vendor.name}, which decides on its protection.`
          : `Approving protects the deal for ${deal.partner.name} for your protection period.`}
      </Text>
      <Stack gap="sm">
        <Textarea label="Reason" description="Required to reject or to ask for information; the partner sees it."
          autosize minRows={2} maxLength={2000} value={reason}
          onChange={(event) => setReason(event.currentTarget.value)} error={reasonError ?? problem?.fieldErrors.reason} />
        <Group>
          <Button color="teal.9" loading={pending('approve')} disabled={decide.isPending} onClick={() => run('approve')}>
            {distributor ? `Approve and pass on to ${deal.vendor.name}` : 'Approve'}
          </Button>
          <Button variant="default" loading={pending('request_info')} disabled={decide.isPending}
            onClick={() => run('request_info')}>
            Request information
          </Button>
          <Button color="red.9" variant="outline" loading={pending('reject')} disabled={decide.isPending}
            onClick={() => run('reject')}>
            Reject
          </Button>
        </Group>
        {problem && !problem.fieldErrors.reason && (
          <Alert color="red" title={problem.status === 403 ? 'Managers and above decide' : 'The decision was not recorded'}
            role="alert">
            {problem.detail || problem.title}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}

// The vendor's answer to a partner asking for longer protection.
function ExtensionPanel({ deal }: { deal: Deal }) {
  const [days, setDays] = useState<number | string>(30);
  const [note, setNote] = useState('');
  const answer = useAnswerExtension();
  const problem = problemOf(answer.error);
  const daysValid = typeof days === 'number' && Number.isInteger(days) && days >= 1 && days <= 365;
  if (!deal.extension) return null;

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="extension-heading">
      <Title order={2} size="h4" id="extension-heading">Extension asked for</Title>
      <Text size="sm" mb="sm">
        {deal.partner.name}: “{deal.extension.reason}”
      </Text>
      <Stack gap="sm">
        <Group align="flex-start">
          <NumberInput label="Days to add" min={1} max={365} allowDecimal={false} value={days} onChange={setDays} w={160}
            error={!daysValid ? 'From 1 to 365 days' : problem?.fieldErrors.days} />
          <Textarea label="Note to the partner" autosize minRows={1} maxLength={2000} value={note}
            onChange={(event) => setNote(event.currentTarget.value)} style={{ flex: 1 }} />
        </Group>
        <Group>
          <Button color="teal.9" disabled={!daysValid || answer.isPending}
            loading={answer.isPending && answer.variables?.decision === 'grant'}
            onClick={() => answer.mutate({ id: deal.id, decision: 'grant', days: Number(days), ...(note.trim() ? { reason: note.trim() } : {}) })}>
            Grant {daysValid ? `${days} days` : ''}
          </Button>
          <Button variant="default" disabled={answer.isPending}
            loading={answer.isPending && answer.variables?.decision === 'refuse'}
            onClick={() => answer.mutate({ id: deal.id, decision: 'refuse', ...(note.trim() ? { reason: note.trim() } : {}) })}>
            Refuse
          </Button>
        </Group>
        {problem && (
          <Alert color="red" title="The answer was not recorded" role="alert">
            {problem.detail || problem.title}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}

export type ReviewerActionsProps = { deal: Deal; canDecide: boolean };

// What the vendor or distributor may do with a deal that awaits it.
export function ReviewerActions({ deal, canDecide }: ReviewerActionsProps) {
  const awaitsUs = deal.status === 'submitted' && deal.review_by === deal.side;
  const extensionAsked = deal.side === 'vendor' && deal.status === 'approved' && deal.extension?.status === 'requested';
  if (!awaitsUs && !extensionAsked) return null;
  if (!canDecide) {
    return (
      <Alert color="gray" title={awaitsUs ? 'Awaiting your organisation’s decision' : 'Extension asked for'}>
        Managers, admins and owners decide.
      </Alert>
    );
  }
  return (
    <>
      {awaitsUs && <DecisionPanel deal={deal} />}
      {extensionAsked && <ExtensionPanel deal={deal} />}
    </>
  );
}
