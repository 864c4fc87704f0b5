import { Badge } from '@mantine/core';
import type { ReactNode } from 'react';

import type { ConsentBasis, ContactImport, Suppression } from './api';
import type { ConsentState } from './mapping';

// A state in words with its colour as a dot, like the deals' status badges (readable in both schemes).
export function DotBadge({ color, title, children }: { color: string; title?: string; children: ReactNode }) {
  return (
    <Badge color={color} variant="dot" title={title}
      styles={{ root: { overflow: 'visible' }, label: { overflow: 'visible' } }}>
      {children}
    </Badge>
  );
}

export const CONSENT_STATE_LABELS: Record<ConsentState, string> = {
  none: 'No consent',
  granted: 'Consented',
  expired: 'Expired',
  withdrawn: 'Withdrawn',
};

const CONSENT_STATE_COLOURS: Record<ConsentState, string> = {
  none: 'gray',
  granted: 'green',
  expired: 'yellow',
  withdrawn: 'red',
};

export function ConsentBadge({ state }: { state: ConsentState }) {
  return <DotBadge color={CONSENT_STATE_COLOURS[state]}>{CONSENT_STATE_LABELS[state]}</DotBadge>;
}

export const SUPPRESSION_REASON_LABELS: Record<Suppression['reason'], string> = {
  unsubscribed: 'Unsubscribed',
  bounced: 'Bounced',
  complained: 'Complained',
  manual: 'Manual',
  erased: 'Erased',
};

const SUPPRESSION_REASON_COLOURS: Record<Suppression['reason'], string> = {
  unsubscribed: 'orange',
  bounced: 'yellow',
  complained: 'red',
  manual: 'gray',
  erased: 'grape',
};

export function SuppressionBadge({ reason }: { reason: Suppression['reason'] }) {
  return <DotBadge color={SUPPRESSION_REASON_COLOURS[reason]}>{SUPPRESSION_REASON_LABELS[reason]}</DotBadge>;
}

export const BASIS_LABELS: Record<ConsentBasis, string> = {
  consent: 'Consent',
  contract: 'Contract',
  legal_obligation: 'Legal obligation',
  vital_interests: 'Vital interests',
  public_task: 'Public task',
  legitimate_interests: 'Legitimate interests',
};

export const IMPORT_STATUS_LABELS: Record<ContactImport['status'], string> = {
  uploaded: 'Waiting for its mapping',
  queued: 'Queued',
  running: 'Running',
  completed: 'Completed',
  rejected: 'Rejected',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

const IMPORT_STATUS_COLOURS: Record<ContactImport['status'], string> = {
  uploaded: 'blue',
  queued: 'blue',
  running: 'blue',
  completed: 'green',
  rejected: 'red',
  failed: 'red',
  cancelled: 'gray',
};

export function ImportStatusBadge({ status }: { status: ContactImport['status'] }) {
  return <DotBadge color={IMPORT_STATUS_COLOURS[status]}>{IMPORT_STATUS_LABELS[status]}</DotBadge>;
}

export const DELIMITER_LABELS: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'bar' };

export const contactName = (c: { first_name: string; last_name: string }) =>
  [c.first_name, c.last_name].filter(Boolean).join(' ');
