import { Badge } from '@mantine/core';

import type { DealStatus } from './api';
import { STATUS_COLOURS, STATUS_LABELS } from './labels';

// A deal's status in words, with its colour.
export function DealStatusBadge({ status }: { status: DealStatus }) {
  return (
    <Badge color={STATUS_COLOURS[status]} variant="dot" styles={{ root: { overflow: 'visible' }, label: { overflow: 'visible' } }}>
      {STATUS_LABELS[status]}
    </Badge>
  );
}
