import { Alert, Anchor, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { IconChartBar, IconUsers } from '@tabler/icons-react';
import { Link } from 'react-router';

import { ApiError } from '../api/client';
import { isAdmin, useMe } from '../modules/identity/api';
import { useLeadRouting, useLeadStats } from '../modules/leads/api';
import { LeadStatsChart } from '../modules/leads/LeadStatsChart';
import { RoutingForm } from '../modules/leads/RoutingForm';
import { RoutingPartners } from '../modules/leads/RoutingPartners';
import { EmptyState } from '../modules/ui/EmptyState';
import { PageHeader } from '../modules/ui/PageHeader';

// How leads find partners: the tier weights, the time to answer, where each partner works, and
// how the partners answer.
export function LeadRoutingPage() {
  const me = useMe();
  const routing = useLeadRouting();
  const stats = useLeadStats();
  const editable = isAdmin(me.data?.role);

  let settings;
  if (routing.isPending) {
    settings = <Loader aria-label="Loading the lead routing" />;
  } else if (routing.error) {
    const forbidden = routing.error instanceof ApiError && routing.error.status === 403;
    settings = (
      <Alert color={forbidden ? 'yellow' : 'red'} title={forbidden ? 'Not for your organisation' : 'Cannot load the lead routing'}>
        {routing.error.message}
      </Alert>
    );
  } else {
    settings = (
      <>
        <RoutingForm routing={routing.data} editable={editable} />
        <Paper withBorder p="md" component="section" aria-labelledby="partners-heading">
          <Title order={2} size="h4" id="partners-heading" mb={4}>Partners</Title>
          <Text size="sm" c="dimmed" mb="md">
            A partner gets leads only for the countries and regions it works in, and, when it names products, only for those.
          </Text>
          {routing.data.partners.length === 0 ? (
            <EmptyState icon={<IconUsers size={24} />} title="No partners yet"
              action={<Anchor component={Link} to="/network">Invite partners on the Network page</Anchor>}>
              Once a reseller or distributor works with you, you set here where it takes your leads.
            </EmptyState>
          ) : (
            <RoutingPartners partners={routing.data.partners} editable={editable} />
          )}
        </Paper>
      </>
    );
  }

  const offered = (stats.data?.items ?? []).filter((row) => row.offered > 0);
  let statistics;
  if (stats.isPending) statistics = <Loader aria-label="Loading the statistics" />;
  else if (stats.error) statistics = <Alert color="red" title="Cannot load the statistics">{stats.error.message}</Alert>;
  else if (offered.length === 0) {
    statistics = (
      <EmptyState icon={<IconChartBar size={24} />} title="No lead offered yet">
        Once you pass leads to partners, how often each accepts them and registers them as deals shows here.
      </EmptyState>
    );
  } else statistics = <LeadStatsChart stats={offered} />;

  return (
    <Stack maw={1100}>
      <PageHeader title="Lead routing"
        description={editable
          ? 'Which partner a lead goes to when you let the rules choose, and how long it has to answer.'
          : 'Which partner a lead goes to when the rules choose. Owners and admins change these.'} />
      {settings}
      {statistics}
    </Stack>
  );
}
