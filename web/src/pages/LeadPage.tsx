import { Alert, Anchor, Group, List, Loader, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';

import { ApiError } from '../api/client';
import { countryName, formatInstant } from '../modules/deals/labels';
import { useMe } from '../modules/identity/api';
import { type Lead, useLead } from '../modules/leads/api';
import { LeadActivities } from '../modules/leads/LeadActivities';
import { LeadStatusBadge } from '../modules/leads/LeadStatusBadge';
import { OwnerPanel } from '../modules/leads/OwnerPanel';
import { PartnerPanel } from '../modules/leads/PartnerPanel';
import { PageHeader } from '../modules/ui/PageHeader';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" component="dt">{label}</Text>
      <Text size="sm" component="dd" m={0}>{children || '—'}</Text>
    </div>
  );
}

function LeadFacts({ lead }: { lead: Lead }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="facts-heading">
      <Title order={2} size="h4" id="facts-heading" mb="sm">The lead</Title>
      <SimpleGrid cols={{ base: 1, sm: 3 }} component="dl" m={0}>
        <Fact label="Contact">{lead.contact.name}</Fact>
        <Fact label="Email">
          {lead.contact.email && <Anchor href={`mailto:${lead.contact.email}`}>{lead.contact.email}</Anchor>}
        </Fact>
        <Fact label="Phone">{lead.contact.phone}</Fact>
        <Fact label="Country">{lead.country ? `${countryName(lead.country)} (${lead.country})` : ''}</Fact>
        <Fact label="Region">{lead.region}</Fact>
        <Fact label="Product">{lead.product}</Fact>
        <Fact label="Added (UTC)">{formatInstant(lead.created_at)}</Fact>
        <Fact label="Changed (UTC)">{formatInstant(lead.updated_at)}</Fact>
        {lead.status === 'lost' && <Fact label="Why lost">{lead.lost_reason}</Fact>}
      </SimpleGrid>
      {lead.notes && (
        <>
          <Text size="xs" c="dimmed" mt="md">Notes</Text>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{lead.notes}</Text>
        </>
      )}
    </Paper>
  );
}

function Duplicates({ lead }: { lead: Lead }) {
  if (lead.duplicates.length === 0) return null;
  return (
    <Alert color="yellow" variant="light" title="Possible duplicates" component="section">
      <List size="sm">
        {lead.duplicates.map((duplicate) => (
          <List.Item key={duplicate.lead_id}>
            <Anchor component={Link} to={`/leads/${duplicate.lead_id}`}>{duplicate.company}</Anchor>
            {duplicate.reasons.length > 0 && <Text size="xs" c="dimmed" component="span"> — {duplicate.reasons.join('; ')}</Text>}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}

// One lead, as its owner or the partner it was offered to sees it.
export function LeadPage() {
  const { id } = useParams();
  const me = useMe();
  const lead = useLead(id);
  const canWrite = me.data?.role !== 'viewer';

  if (lead.isPending) return <Loader aria-label="Loading the lead" />;
  if (lead.error) {
    const missing = lead.error instanceof ApiError && lead.error.status === 404;
    return (
      <Stack>
        <Anchor component={Link} to="/leads" size="sm">← All leads</Anchor>
        <PageHeader title={missing ? 'Lead not found' : 'Cannot load the lead'} />
        <Alert color={missing ? 'yellow' : 'red'} title={missing ? 'No such lead' : 'Something went wrong'}>
          {missing ? 'It does not exist, or your organisation may not see it.' : lead.error.message}
        </Alert>
      </Stack>
    );
  }
  const data = lead.data;
  const own = data.origin === null && data.origin_org_id === null;
  return (
    <Stack maw={1100}>
      <Anchor component={Link} to="/leads" size="sm">← All leads</Anchor>
      <PageHeader title={data.company}
        description={own ? 'Your own lead.' : `A lead from ${data.origin?.name ?? 'a sender'}.`}
        actions={
          <Group gap="xs">
            <LeadStatusBadge status={data.status} />
          </Group>
        } />
      <Duplicates lead={data} />
      {own ? <OwnerPanel lead={data} canWrite={canWrite} /> : <PartnerPanel lead={data} canWrite={canWrite} />}
      <LeadFacts lead={data} />
      <LeadActivities lead={data} canWrite={canWrite} />
    </Stack>
  );
}
