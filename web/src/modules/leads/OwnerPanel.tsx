import { Alert, Anchor, Button, Group, NativeSelect, NumberInput, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { IconSend } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';

import { ApiError } from '../../api/client';
import { formatInstant } from '../deals/labels';
import { useMe } from '../identity/api';
import { type Lead, useDistributeLead, useLeadRouting, useRecallLead } from './api';
import { LeadProgress } from './LeadProgress';
import { LeadRegistration } from './LeadRegistration';
import { LEAD_STATUS_LABELS, OFFER_STATE_LABELS, OWNER_STATUSES, ROUTED_BY_LABELS } from './labels';

const BY_RULES = 'rules';

// What the owner of a lead does with it: work it and register it as a deal while it is its own,
// pass it to a partner or take it back, and read who it was offered to.
export function OwnerPanel({ lead, canWrite }: { lead: Lead; canWrite: boolean }) {
  const me = useMe();
  const routing = useLeadRouting();
  const held = lead.partner !== null;
  const closed = lead.status === 'won' || lead.status === 'lost';
  const hasPartners = (routing.data?.partners.length ?? 0) > 0;
  const upstream = me.data?.org.kinds.some((kind) => kind === 'vendor' || kind === 'distributor') ?? false;
  return (
    <Stack>
      {!held && (
        <LeadProgress lead={lead} canWrite={canWrite} statuses={OWNER_STATUSES}
          placeholder={LEAD_STATUS_LABELS[lead.status]} />
      )}
      {!held && <LeadRegistration lead={lead} canWrite={canWrite} quietWithoutVendors />}
      {canWrite && !held && !closed && !lead.deal_id && hasPartners && <PassToPartner lead={lead} />}
      {canWrite && !held && !closed && upstream && routing.isSuccess && !hasPartners && (
        <Text size="sm" c="dimmed">
          To pass leads on, invite partners on the <Anchor component={Link} to="/network">Network</Anchor> page.
        </Text>
      )}
      {held && <HeldBy lead={lead} canWrite={canWrite} />}
      <OffersHistory lead={lead} />
    </Stack>
  );
}

function PassToPartner({ lead }: { lead: Lead }) {
  const routing = useLeadRouting();
  const distribute = useDistributeLead();
  const [partnerId, setPartnerId] = useState(BY_RULES);
  const [hours, setHours] = useState<number | string>('');
  const [unrouted, setUnrouted] = useState(false);
  const problem = distribute.error instanceof ApiError ? distribute.error : null;
  const partners = (routing.data?.partners ?? []).filter((entry) => entry.active || partnerId === entry.partner.id);
  const defaultHours = routing.data?.default_sla_hours;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setUnrouted(false);
    distribute.mutate({
      id: lead.id,
      input: {
        ...(partnerId === BY_RULES ? {} : { partner_id: partnerId }),
        ...(typeof hours === 'number' ? { sla_hours: hours } : {}),
      },
    }, { onSuccess: (answer) => setUnrouted(answer.status === 'unrouted') });
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="pass-heading">
      <Title order={2} size="h4" id="pass-heading" mb="sm">Pass to a partner</Title>
      <form onSubmit={submit} noValidate aria-labelledby="pass-heading">
        <Stack gap="sm">
          {(unrouted || lead.status === 'unrouted') && (
            <Alert color="orange" title="No partner matched" role="status">
              No active partner works where this lead is, or each one is at capacity or declined it. Choose a
              partner by hand, or change the routing rules.
            </Alert>
          )}
          {problem && Object.keys(problem.fieldErrors).length === 0 && (
            <Alert color="red" title={problem.title} role="alert">{problem.detail}</Alert>
          )}
          <Group align="flex-start" gap="sm">
            <NativeSelect label="Partner" value={partnerId} onChange={(e) => setPartnerId(e.currentTarget.value)} w={300}
              error={problem?.fieldErrors.partner_id}
              data={[{ value: BY_RULES, label: 'Let the routing rules choose' },
                ...partners.map((entry) => ({ value: entry.partner.id, label: entry.tier ? `${entry.partner.name} (${entry.tier})` : entry.partner.name }))]} />
            <NumberInput label="Hours to answer" value={hours} onChange={setHours} min={1} max={720} allowDecimal={false}
              w={180} placeholder={defaultHours ? String(defaultHours) : undefined} error={problem?.fieldErrors.sla_hours} />
            <Button type="submit" mt={25} loading={distribute.isPending} leftSection={<IconSend size={16} aria-hidden />}>
              Pass on
            </Button>
          </Group>
          {defaultHours && (
            <Text size="xs" c="dimmed">Left empty, the partner has your default of {defaultHours} hours to answer.</Text>
          )}
        </Stack>
      </form>
    </Paper>
  );
}

function HeldBy({ lead, canWrite }: { lead: Lead; canWrite: boolean }) {
  const recall = useRecallLead();
  const open = lead.offers.find((offer) => offer.state === 'offered' || offer.state === 'accepted');
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="held-heading">
      <Title order={2} size="h4" id="held-heading" mb="xs">With {lead.partner?.name}</Title>
      <Text size="sm">
        {open?.state === 'offered'
          ? `Offered; the partner answers by ${formatInstant(open.answer_due_at)} UTC, or the lead goes to the next one.`
          : 'Accepted. The status above is the one the partner reports.'}
      </Text>
      {recall.error && <Alert color="red" title="Not taken back" role="alert" mt="sm">{recall.error.message}</Alert>}
      {canWrite && (
        <Button mt="sm" variant="default" color="red" onClick={() => recall.mutate(lead.id)} loading={recall.isPending}>
          Take back
        </Button>
      )}
    </Paper>
  );
}

function OffersHistory({ lead }: { lead: Lead }) {
  if (lead.offers.length === 0) return null;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="offers-heading">
      <Title order={2} size="h4" id="offers-heading" mb="sm">Offers</Title>
      <Table.ScrollContainer minWidth={720}>
        <Table verticalSpacing="xs" aria-labelledby="offers-heading">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Partner</Table.Th>
              <Table.Th scope="col">How chosen</Table.Th>
              <Table.Th scope="col">Offered (UTC)</Table.Th>
              <Table.Th scope="col">Answer due (UTC)</Table.Th>
              <Table.Th scope="col">Answer</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {lead.offers.map((offer) => (
              <Table.Tr key={offer.id}>
                <Table.Td>{offer.partner.name}</Table.Td>
                <Table.Td>{ROUTED_BY_LABELS[offer.routed_by] ?? offer.routed_by}</Table.Td>
                <Table.Td>{formatInstant(offer.offered_at)}</Table.Td>
                <Table.Td>{formatInstant(offer.answer_due_at)}</Table.Td>
                <Table.Td>
                  {OFFER_STATE_LABELS[offer.state]}
                  {offer.answered_at && <Text size="xs" c="dimmed">{formatInstant(offer.answered_at)}</Text>}
                  {offer.decline_reason && <Text size="xs" c="dimmed">“{offer.decline_reason}”</Text>}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
