import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { type FormEvent, useState } from 'react';

import { ApiError } from '../../api/client';
import { type Lead, useAcceptLead, useDeclineLead } from './api';

export type OfferAnswerProps = {
  lead: Lead;
  size?: 'xs' | 'sm';
  onAccepted?: (lead: Lead) => void;
  onDeclined?: () => void;
};

// Accept or Decline for a lead offered to the organisation; declining asks why, in a dialog.
export function OfferAnswer({ lead, size = 'sm', onAccepted, onDeclined }: OfferAnswerProps) {
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const accept = useAcceptLead();
  const decline = useDeclineLead();
  const declineError = decline.error instanceof ApiError ? decline.error : null;

  const submitDecline = (event: FormEvent) => {
    event.preventDefault();
    decline.mutate({ id: lead.id, reason }, {
      onSuccess: () => {
        setDeclining(false);
        onDeclined?.();
      },
    });
  };

  return (
    <>
      <Group gap="xs" wrap="nowrap">
        <Button size={size} onClick={() => accept.mutate(lead.id, { onSuccess: onAccepted })} loading={accept.isPending}
          aria-label={`Accept the lead ${lead.company}`}>
          Accept
        </Button>
        <Button size={size} variant="default" onClick={() => { decline.reset(); setDeclining(true); }}
          disabled={accept.isPending} aria-label={`Decline the lead ${lead.company}`}>
          Decline
        </Button>
      </Group>
      {accept.error && (
        <Text size="xs" c="red.8" role="alert" mt={4}>{accept.error.message}</Text>
      )}
      <Modal opened={declining} onClose={() => setDeclining(false)} title={`Decline the lead ${lead.company}`} centered
        closeButtonProps={{ 'aria-label': 'Close' }}>
        <form onSubmit={submitDecline} noValidate>
          <Stack>
            <Text size="sm">
              {lead.origin ? `${lead.origin.name} passes the lead on to another partner.` : 'The lead goes back to its sender.'}
              {' '}You no longer see it.
            </Text>
            {declineError && Object.keys(declineError.fieldErrors).length === 0 && (
              <Alert color="red" title={declineError.title} role="alert">{declineError.detail}</Alert>
            )}
            <Textarea label="Reason" description="Optional; the sender reads it." value={reason} maxLength={500}
              onChange={(event) => setReason(event.currentTarget.value)} error={declineError?.fieldErrors.reason}
              autosize minRows={2} data-autofocus />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setDeclining(false)} disabled={decline.isPending}>Cancel</Button>
              <Button type="submit" color="red" loading={decline.isPending}>Decline the lead</Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
