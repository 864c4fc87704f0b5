import { Text } from '@mantine/core';
import { IconAlertTriangle, IconClock } from '@tabler/icons-react';
import { useEffect, useState } from 'react';

import { formatCountdown } from './labels';

// The current time, moved on every half minute, so that countdowns stay true while a page is open.
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

// Classes of styles.css, readable on light and dark surfaces.
const TONE_CLASSES = { normal: undefined, warning: 'text-warning', overdue: 'text-danger' } as const;

// How long is left to accept or decline an offer; in the warning colour under four hours.
export function SlaCountdown({ dueAt, size = 'sm' }: { dueAt: string; size?: 'xs' | 'sm' | 'md' }) {
  const now = useNow();
  const { text, tone } = formatCountdown(dueAt, now);
  if (!text) return null;
  const Icon = tone === 'normal' ? IconClock : IconAlertTriangle;
  return (
    <Text size={size} className={TONE_CLASSES[tone]} fw={tone === 'normal' ? 400 : 600} data-testid="sla-countdown"
      data-tone={tone} title={`Due ${new Date(dueAt).toUTCString()}`}
      style={{ display: 'inline-flex', alignItems: 'center', gap: 4, whiteSpace: 'nowrap' }}>
      <Icon size={14} aria-hidden />
      {text}
    </Text>
  );
}
