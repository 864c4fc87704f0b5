import { Paper, Stack, Text, Title } from '@mantine/core';
import { useNavigate } from 'react-router';

import type { Lead } from './api';
import { PARTNER_STATUSES } from './labels';
import { LeadProgress } from './LeadProgress';
import { LeadRegistration } from './LeadRegistration';
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
      <LeadProgress lead={lead} canWrite={canWrite} statuses={PARTNER_STATUSES}
        placeholder="Accepted, not contacted yet" />
      <LeadRegistration lead={lead} canWrite={canWrite} />
    </Stack>
  );
}
