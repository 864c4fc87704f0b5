import { Anchor, Paper, Stack } from '@mantine/core';
import { Link, useNavigate } from 'react-router';

import { LeadForm } from '../modules/leads/LeadForm';
import { PageHeader } from '../modules/ui/PageHeader';

// Adds a lead the organisation owns; it stays its own until it passes it to a partner.
export function NewLeadPage() {
  const navigate = useNavigate();
  return (
    <Stack maw={880}>
      <Anchor component={Link} to="/leads" size="sm">← All leads</Anchor>
      <PageHeader title="New lead" description="It stays yours until you pass it to a partner." />
      <Paper withBorder p="lg">
        <LeadForm onSaved={(lead) => navigate(`/leads/${lead.id}`)} onCancel={() => navigate('/leads')} />
      </Paper>
    </Stack>
  );
}
