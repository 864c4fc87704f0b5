import { Alert, Anchor, Button, Group, List, Loader, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconPencil } from '@tabler/icons-react';
import { type ReactNode, useState } from 'react';
import { Link, useParams } from 'react-router';

import { ApiError } from '../api/client';
import { countryName, formatInstant } from '../modules/deals/labels';
import { useMe } from '../modules/identity/api';
import { type Lead, useLead } from '../modules/leads/api';
import { LeadActivities } from '../modules/leads/LeadActivities';
import { LeadForm } from '../modules/leads/LeadForm';
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

// The lead's fields; `onEdit`, when its organisation may change them.
function LeadFacts({ lead, onEdit }: { lead: Lead; onEdit?: () => void }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="facts-heading">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="facts-heading">The lead</Title>
        {onEdit && (
          <Button variant="default" size="xs" leftSection={<IconPencil size={14} aria-hidden />} onClick={onEdit}>
            Edit the lead
          </Button>
        )}
      </Group>
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
  const [editing, setEditing] = useState(false);

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
      {editing ? (
        <Paper withBorder p="md" component="section" aria-labelledby="edit-heading">
          <Title order={2} size="h4" id="edit-heading" mb="sm">Change the lead</Title>
          <LeadForm lead={data} onSaved={() => setEditing(false)} onCancel={() => setEditing(false)} />
        </Paper>
      ) : (
        // The owner changes its lead while no partner holds it.
        <LeadFacts lead={data} onEdit={own && canWrite && data.partner === null ? () => setEditing(true) : undefined} />
      )}
      <LeadActivities lead={data} canWrite={canWrite} />
    </Stack>
  );
}
