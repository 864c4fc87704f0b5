import { Alert, Button, Group, Modal, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';

import { ApiError } from '../../api/client';
import {
  type Deal,
  useCloseDeal,
  useDeleteDeal,
  useRequestExtension,
  useSubmitDeal,
  useWithdrawDeal,
} from './api';
import { DEFAULT_SHARED_FIELDS } from './labels';
import { SharedFieldsReview } from './SharedFieldsReview';

type Dialog = 'register' | 'delete' | 'withdraw' | 'extension' | null;

function problemText(error: unknown): string | null {
  if (!error) return null;
  if (error instanceof ApiError) {
    const fields = Object.values(error.fieldErrors);
    return fields.length > 0 ? `${error.detail || error.title}: ${fields.join('; ')}` : error.detail || error.title;
  }
  return error instanceof Error ? error.message : String(error);
}

export type PartnerActionsProps = { deal: Deal; partnerName: string };

// What the registering partner may do with its deal in its current status.
export function PartnerActions({ deal, partnerName }: PartnerActionsProps) {
  const [dialog, setDialog] = useState<Dialog>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const navigate = useNavigate();
  const submit = useSubmitDeal();
  const remove = useDeleteDeal();
  const withdraw = useWithdrawDeal();
  const close = useCloseDeal();
  const extend = useRequestExtension();
  const error = problemText(submit.error ?? remove.error ?? withdraw.error ?? close.error ?? extend.error);
  const { status } = deal;
  const done = () => setDialog(null);

  const askExtension = (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) {
      setReasonError('Say why the deal needs longer');
      return;
    }
    setReasonError(null);
    extend.mutate({ id: deal.id, reason: reason.trim() }, {
      onSuccess: () => {
        setReason('');
        done();
      },
    });
  };

  const buttons = [];
  if (status === 'draft' || status === 'info_requested') {
    buttons.push(
      <Button key="edit" component={Link} to={`/deals/${deal.id}/edit`} variant="default">
        Edit
      </Button>,
    );
  }
  if (status === 'draft') {
    buttons.push(
      <Button key="register" onClick={() => setDialog('register')}>Register</Button>,
      <Button key="delete" variant="subtle" color="red" onClick={() => setDialog('delete')}>Delete</Button>,
    );
  }
  if (status === 'info_requested') {
    buttons.push(
      <Button key="resubmit" loading={submit.isPending} onClick={() => submit.mutate(deal.id)}>Resubmit</Button>,
    );
  }
  if (status === 'approved') {
    buttons.push(
      <Button key="won" color="teal.9" loading={close.isPending && close.variables?.outcome === 'won'}
        onClick={() => close.mutate({ id: deal.id, outcome: 'won' })}>
        Mark won
      </Button>,
      <Button key="lost" variant="default" loading={close.isPending && close.variables?.outcome === 'lost'}
        onClick={() => close.mutate({ id: deal.id, outcome: 'lost' })}>
        Mark lost
      </Button>,
      <Button key="extension" variant="default" disabled={deal.extension?.status === 'requested'}
        onClick={() => setDialog('extension')}>
        {deal.extension?.status === 'requested' ? 'Extension asked for' : 'Ask for an extension'}
      </Button>,
    );
  }
  if (status === 'submitted' || status === 'approved') {
    buttons.push(
      <Button key="withdraw" variant="subtle" color="red" onClick={() => setDialog('withdraw')}>Withdraw</Button>,
    );
  }
  if (buttons.length === 0) return null;

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="partner-actions-heading">
      <Title order={2} size="h4" mb="sm" id="partner-actions-heading">What you can do</Title>
      <Group>{buttons}</Group>
      {error && (
        <Alert color="red" title="That did not work" mt="sm" role="alert">
          {error}
        </Alert>
      )}

      <Modal opened={dialog === 'register'} onClose={done} title="Register this deal" size="lg">
        <Stack>
          <SharedFieldsReview
            sharedFields={deal.shared_fields ?? DEFAULT_SHARED_FIELDS}
            values={deal}
            vendorName={deal.vendor.name}
            distributorName={deal.distributor?.name ?? null}
            partnerName={partnerName}
            hasPrivateNotes={Boolean(deal.private_notes?.trim())}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={done}>Cancel</Button>
            <Button loading={submit.isPending} onClick={() => submit.mutate(deal.id, { onSettled: done })}>
              Register
            </Button>
          </Group>
        </Stack>
      </Modal>

      <Modal opened={dialog === 'delete'} onClose={done} title="Delete this draft?">
        <Stack>
          <Text>The draft for {deal.customer.company} is deleted for good. Nobody else ever saw it.</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={done}>Keep it</Button>
            <Button color="red" loading={remove.isPending}
              onClick={() => remove.mutate(deal.id, { onSuccess: () => navigate('/deals'), onError: done })}>
              Delete the draft
            </Button>
          </Group>
        </Stack>
      </Modal>

      <Modal opened={dialog === 'withdraw'} onClose={done} title="Withdraw this registration?">
        <Stack>
          <Text>
            {deal.vendor.name} stops reviewing or protecting the deal for {deal.customer.company}. To claim the
            customer again you register anew, and take a new place in the order.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={done}>Keep it</Button>
            <Button color="red" loading={withdraw.isPending} onClick={() => withdraw.mutate(deal.id, { onSettled: done })}>
              Withdraw
            </Button>
          </Group>
        </Stack>
      </Modal>

      <Modal opened={dialog === 'extension'} onClose={done} title="Ask for an extension">
        <form onSubmit={askExtension} noValidate>
          <Stack>
            <Text size="sm">
              {deal.vendor.name} decides how many days to add to the protection, which ends{' '}
              {deal.protected_until ? deal.protected_until.slice(0, 10) : 'soon'}.
            </Text>
            <Textarea label="Why the deal needs longer" required autosize minRows={3} value={reason}
              onChange={(event) => setReason(event.currentTarget.value)} error={reasonError ?? undefined}
              maxLength={2000} data-autofocus />
            <Group justify="flex-end">
              <Button variant="default" onClick={done}>Cancel</Button>
              <Button type="submit" loading={extend.isPending}>Ask {deal.vendor.name}</Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Paper>
  );
}
