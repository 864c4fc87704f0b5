import { Text, Timeline } from '@mantine/core';

import type { DealEvent } from './api';
import { EVENT_LABELS, formatInstant, SIDE_LABELS } from './labels';

// What happened to a deal, oldest first, each with the side that did it and when.
export function DealTimeline({ events }: { events: DealEvent[] }) {
  const ordered = [...events].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  if (ordered.length === 0) return <Text c="dimmed" size="sm">Nothing has happened yet.</Text>;
  return (
    <Timeline active={ordered.length - 1} bulletSize={14} lineWidth={2} data-testid="deal-timeline">
      {ordered.map((event, index) => (
        <Timeline.Item key={`${event.at}-${index}`} title={EVENT_LABELS[event.kind] ?? event.kind}>
          <Text size="sm" c="dimmed">
            {SIDE_LABELS[event.side]}
            {event.by ? ` · ${event.by}` : ''} · {formatInstant(event.at)} UTC
          </Text>
          {event.note && (
            <Text size="sm" mt={2} style={{ whiteSpace: 'pre-wrap' }}>
              {event.note}
            </Text>
          )}
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
