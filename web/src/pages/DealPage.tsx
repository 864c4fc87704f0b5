import { Alert, Anchor, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { IconScale } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';

import { ApiError } from '../api/client';
import { type Deal, useDeal } from '../modules/deals/api';
import { ConflictView } from '../modules/deals/ConflictView';
import { DealFacts } from '../modules/deals/DealFacts';
import { DealStatusBadge } from '../modules/deals/DealStatusBadge';
import { DealTimeline } from '../modules/deals/DealTimeline';
import { PartnerActions } from '../modules/deals/PartnerActions';
import { ReviewerActions } from '../modules/deals/ReviewerActions';
import { useMe } from '../modules/identity/api';
import { PageHeader } from '../modules/ui/PageHeader';

// Who registered the deal with whom, in the words of the side that looks at it.
function describe(deal: Deal): string {
  const through = deal.distributor ? ` through ${deal.distributor.name}` : '';
  if (deal.side === 'partner') return `Your deal with ${deal.vendor.name}${through}.`;
  if (deal.side === 'distributor') return `Registered by ${deal.partner.name} with ${deal.vendor.name} through you.`;
  return `Registered by ${deal.partner.name}${through}.`;
}

// One deal as the asking side may see it: the partner, the distributor or the vendor.
export function DealPage() {
  const { id } = useParams();
  const me = useMe();
  const deal = useDeal(id);
  const role = me.data?.role;
  const back = deal.data?.side === 'partner' || !deal.data ? '/deals' : '/deal-review';

  if (deal.isPending) return <Loader aria-label="Loading the deal" />;
  if (deal.error) {
    const missing = deal.error instanceof ApiError && deal.error.status === 404;
    return (
      <Stack>
        <PageHeader title={missing ? 'Deal not found' : 'Cannot load the deal'} />
        <Alert color={missing ? 'yellow' : 'red'} title={missing ? 'No such deal' : 'Something went wrong'}>
          {missing ? 'It does not exist, or your organisation may not see it.' : deal.error.message}
        </Alert>
      </Stack>
    );
  }
  const data = deal.data;
  const partnerView = data.side === 'partner';
  const reviewer = data.side === 'vendor' || data.side === 'distributor';

  return (
    <Stack>
      <Anchor component={Link} to={back} size="sm">
        ← {partnerView ? 'All deals' : 'Deal review'}
      </Anchor>
      <PageHeader title={data.customer.company} description={describe(data)}
        actions={<DealStatusBadge status={data.status} />} />

      {data.side !== 'vendor' && data.conflict_status === 'under_review' && (
        <Alert color="gray" variant="light" icon={<IconScale size={18} aria-hidden />}
          title="Possible conflict — under vendor review" data-testid="conflict-notice" />
      )}

      {partnerView && role !== 'viewer' && <PartnerActions deal={data} partnerName={me.data?.org.name ?? 'your organisation'} />}
      {reviewer && (
        <ReviewerActions deal={data} canDecide={role === 'owner' || role === 'admin' || role === 'manager'} />
      )}
      {data.side === 'vendor' && (data.conflicts?.length ?? 0) > 0 && <ConflictView deal={data} />}

      <DealFacts deal={data} />

      <Paper withBorder p="md" component="section" aria-labelledby="timeline-heading">
        <Group justify="space-between" mb="sm">
          <Title order={2} size="h4" id="timeline-heading">Timeline</Title>
          <Text size="sm" c="dimmed">Oldest first, times in UTC</Text>
        </Group>
        <DealTimeline events={data.timeline ?? []} />
      </Paper>
    </Stack>
  );
}
