import { Alert, Button, Fieldset, Group, NumberInput, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';

import { ApiError, type FieldErrors } from '../../api/client';
import { type LeadRouting, useSaveRouting } from './api';
import { type RoutingDraft, routingDraftOf, routingInput } from './routingForm';

export type RoutingFormProps = { routing: LeadRouting; editable: boolean };

// The weight of each partner tier in sharing leads, and the hours a partner has to answer.
export function RoutingForm({ routing, editable }: RoutingFormProps) {
  const [draft, setDraft] = useState<RoutingDraft>(() => routingDraftOf(routing));
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const [saved, setSaved] = useState(false);
  const save = useSaveRouting();
  const problem = save.error instanceof ApiError ? save.error : null;
  const errors: FieldErrors = { ...clientErrors, ...(problem?.fieldErrors ?? {}) };
  const tiers = Object.keys(draft.weights);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const { input, errors: found } = routingInput(draft);
    setClientErrors(found);
    setSaved(false);
    save.reset();
    if (Object.keys(found).length > 0) return;
    save.mutate(input, { onSuccess: (answer) => { setDraft(routingDraftOf(answer)); setSaved(true); } });
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="rules-heading">
      <Title order={2} size="h4" id="rules-heading" mb={4}>Sharing and time to answer</Title>
      <Text size="sm" c="dimmed" mb="md">
        Leads go to partners working where the lead is — its region, then its country, subregion and
        continent — shared between tiers by these weights (0 leaves a tier out), in turns within a tier.
      </Text>
      <form onSubmit={submit} noValidate aria-labelledby="rules-heading">
        <Fieldset variant="unstyled" disabled={!editable} p={0}>
          <Stack gap="md">
            {problem && Object.keys(problem.fieldErrors).length === 0 && (
              <Alert color="red" title={problem.title} role="alert">{problem.detail}</Alert>
            )}
            {tiers.length === 0 ? (
              <Text size="sm">Your partners have no tiers yet: every partner weighs the same. Set tiers on the Network page.</Text>
            ) : (
              <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
                {tiers.map((tier) => (
                  <NumberInput key={tier} label={`Weight of ${tier}`} min={0} max={100} allowDecimal={false}
                    value={draft.weights[tier]} error={errors[`tier_weights.${tier}`]}
                    onChange={(value) => setDraft((current) => ({ ...current, weights: { ...current.weights, [tier]: value } }))} />
                ))}
              </SimpleGrid>
            )}
            <NumberInput label="Hours to answer" description="What a partner has to accept or decline, unless you say otherwise when passing a lead."
              min={1} max={720} allowDecimal={false} value={draft.defaultHours} w={320} error={errors.default_sla_hours}
              onChange={(value) => setDraft((current) => ({ ...current, defaultHours: value }))} />
            {editable && (
              <Group>
                <Button type="submit" loading={save.isPending}>Save routing</Button>
                {saved && <Text size="sm" className="text-success" role="status">Routing saved</Text>}
              </Group>
            )}
          </Stack>
        </Fieldset>
      </form>
    </Paper>
  );
}
