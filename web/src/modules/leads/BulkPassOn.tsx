import { Alert, Button, Group, List, Paper, Progress, Text } from '@mantine/core';
import { IconSend } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

import { api } from '../../api/client';
import type { Lead } from './api';

type Outcome = { offered: Record<string, number>; unrouted: string[]; failed: { company: string; reason: string }[] };

const plural = (n: number, one: string, many: string) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

// Passes the selected leads on by the routing rules, one after the other so that each sees the
// partners' loads the previous ones left, and says where each went.
export function BulkPassOn({ leads, onDone }: { leads: Lead[]; onDone: () => void }) {
  const client = useQueryClient();
  const [done, setDone] = useState<number | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const running = done !== null;

  const run = async () => {
    const result: Outcome = { offered: {}, unrouted: [], failed: [] };
    setOutcome(null);
    setDone(0);
    for (const [index, lead] of leads.entries()) {
      try {
        const answer = await api.post<Lead>(`/api/v1/leads/${lead.id}/distribute`, {});
        if (answer.partner) result.offered[answer.partner.name] = (result.offered[answer.partner.name] ?? 0) + 1;
        else result.unrouted.push(lead.company);
      } catch (error) {
        result.failed.push({ company: lead.company, reason: error instanceof Error ? error.message : String(error) });
      }
      setDone(index + 1);
    }
    setDone(null);
    setOutcome(result);
    onDone();
    void client.invalidateQueries({ queryKey: ['leads'] });
    void client.invalidateQueries({ queryKey: ['lead-stats'] });
    void client.invalidateQueries({ queryKey: ['lead-routing'] });
  };

  const offered = outcome ? Object.values(outcome.offered).reduce((sum, n) => sum + n, 0) : 0;
  return (
    <>
      {(leads.length > 0 || running) && (
        <Paper withBorder p="sm" component="section" aria-label="Selected leads">
          <Group justify="space-between">
            <Text size="sm" fw={600}>{plural(leads.length, 'lead selected', 'leads selected')}</Text>
            <Group gap="sm">
              <Button variant="default" size="xs" onClick={onDone} disabled={running}>Clear the selection</Button>
              <Button size="xs" leftSection={<IconSend size={14} aria-hidden />} loading={running} onClick={() => void run()}>
                Pass on by the routing rules
              </Button>
            </Group>
          </Group>
          {done !== null && (
            <>
              <Progress mt="sm" value={(done / Math.max(1, leads.length)) * 100} aria-label="Passing the leads on" />
              <Text size="xs" mt={4} role="status">{done} of {leads.length} passed on…</Text>
            </>
          )}
        </Paper>
      )}
      {outcome && (
        <Alert color={outcome.failed.length > 0 ? 'red' : outcome.unrouted.length > 0 ? 'orange' : 'green'}
          title={`${plural(offered, 'lead', 'leads')} passed on`} role="status" withCloseButton
          closeButtonLabel="Dismiss" onClose={() => setOutcome(null)}>
          <List size="sm">
            {Object.entries(outcome.offered).map(([partner, count]) => (
              <List.Item key={partner}>{plural(count, 'lead', 'leads')} to {partner}</List.Item>
            ))}
            {outcome.unrouted.length > 0 && (
              <List.Item>
                No partner matched {outcome.unrouted.join(', ')}: choose one on the lead, or change the routing rules.
              </List.Item>
            )}
            {outcome.failed.map((failure) => (
              <List.Item key={failure.company}>{failure.company} was not passed on: {failure.reason}</List.Item>
            ))}
          </List>
        </Alert>
      )}
    </>
  );
}
