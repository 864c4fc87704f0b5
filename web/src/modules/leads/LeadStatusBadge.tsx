import { Badge } from '@mantine/core';

import type { LeadStatus } from './api';
import { LEAD_STATUS_COLOURS, LEAD_STATUS_LABELS } from './labels';

// A lead's status in words, with its colour.
export function LeadStatusBadge({ status }: { status: LeadStatus }) {
  return (
    <Badge color={LEAD_STATUS_COLOURS[status]} variant="dot"
      styles={{ root: { overflow: 'visible' }, label: { overflow: 'visible' } }}>
      {LEAD_STATUS_LABELS[status]}
    </Badge>
  );
}
