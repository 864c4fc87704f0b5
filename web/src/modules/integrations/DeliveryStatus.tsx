import { Badge, Stack, Text } from '@mantine/core';

import { formatInstant } from '../deals/labels';
import type { WebhookDelivery } from './api';
import { deliveryOutcome } from './labels';

// A delivery's state in words, with its colour.
export function DeliveryBadge({ delivery }: { delivery: WebhookDelivery }) {
  const outcome = deliveryOutcome(delivery);
  return (
    <Badge color={outcome.color} variant="dot" styles={{ root: { overflow: 'visible' }, label: { overflow: 'visible' } }}>
      {outcome.label}
    </Badge>
  );
}

// The state with what comes next or why it ended: the next attempt's time, or the reason.
export function DeliveryStatus({ delivery }: { delivery: WebhookDelivery }) {
  let detail: string;
  if (delivery.state === 'delivered') {
    detail = `at ${formatInstant(delivery.delivered_at)} UTC`;
  } else if (delivery.state === 'failed') {
    detail = delivery.last_error || 'Failed';
  } else if (delivery.attempts === 0) {
    detail = 'Waiting to be sent';
  } else {
    detail = `Next attempt ${formatInstant(delivery.next_attempt_at)} UTC`;
  }
  return (
    <Stack gap={2} align="flex-start">
      <DeliveryBadge delivery={delivery} />
      <Text size="xs" className={delivery.state === 'failed' ? 'text-danger' : undefined}
        c={delivery.state === 'failed' ? undefined : 'dimmed'}>
        {detail}
      </Text>
    </Stack>
  );
}
