import { Alert, Anchor, Loader, Stack } from '@mantine/core';
import { IconBuildingStore } from '@tabler/icons-react';
import { Link, useNavigate, useParams } from 'react-router';

import { useDeal } from '../modules/deals/api';
import { DealForm } from '../modules/deals/DealForm';
import { useMe } from '../modules/identity/api';
import { useVendors } from '../modules/network/api';
import { EmptyState } from '../modules/ui/EmptyState';
import { PageHeader } from '../modules/ui/PageHeader';

// Registers a new deal (/deals/new), or edits a draft or a deal the reviewer asked about (/deals/:id/edit).
export function DealEditPage() {
  const { id } = useParams();
  const me = useMe();
  const vendors = useVendors();
  const deal = useDeal(id);
  const navigate = useNavigate();
  const partnerName = me.data?.org.name ?? 'your organisation';

  let body;
  if (vendors.isPending || (id && deal.isPending)) {
    body = <Loader aria-label="Loading the form" />;
  } else if (vendors.error || deal.error) {
    body = <Alert color="red" title="Cannot load the deal">{(vendors.error ?? deal.error)?.message}</Alert>;
  } else if (deal.data && (deal.data.side !== 'partner' || !['draft', 'info_requested'].includes(deal.data.status))) {
    body = (
      <Alert color="yellow" title="This deal cannot be edited now">
        Only a draft, or a registration the reviewer asked more about, can be changed.{' '}
        <Anchor component={Link} to={`/deals/${deal.data.id}`}>Back to the deal</Anchor>
      </Alert>
    );
  } else if (!deal.data && vendors.data.length === 0) {
    body = (
      <EmptyState icon={<IconBuildingStore size={24} />} title="No vendors to register with">
        Deals are registered with a vendor you sell for. Vendors appear once you accept their invitation, or a
        distributor authorises you for them.
      </EmptyState>
    );
  } else {
    body = (
      <DealForm vendors={vendors.data} partnerName={partnerName} deal={deal.data}
        onSaved={(saved) => navigate(`/deals/${saved.id}`)} />
    );
  }

  const title = deal.data ? `Edit: ${deal.data.customer.company}` : 'Register a deal';
  return (
    <Stack maw={1080}>
      <PageHeader title={title} description={deal.data?.status === 'info_requested'
        ? 'Answer the reviewer, then resubmit: the deal keeps its place in the order.'
        : 'Claim a customer with a vendor. Save a draft to finish later; only registering shares it.'} />
      {body}
    </Stack>
  );
}
