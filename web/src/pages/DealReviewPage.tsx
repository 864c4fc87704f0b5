import { Alert, Button, Group, Loader, NativeSelect, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconChecklist, IconDownload, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';

import { dealExportUrl, type DealFilters, useDeals } from '../modules/deals/api';
import { DEAL_STATUSES, STATUS_LABELS } from '../modules/deals/labels';
import { ReviewQueueTable } from '../modules/deals/ReviewQueueTable';
import { useMe } from '../modules/identity/api';
import { EmptyState } from '../modules/ui/EmptyState';
import { PageHeader } from '../modules/ui/PageHeader';

type ReviewSide = 'vendor' | 'distributor';

// Partners never show their drafts to a reviewer, so a reviewer filters on the other statuses.
const REVIEW_STATUSES = DEAL_STATUSES.filter((status) => status !== 'draft');

// The registrations a vendor or a distributor reviews, in the order they were made.
export function DealReviewPage() {
  const me = useMe();
  const kinds = me.data?.org.kinds ?? [];
  const sides: ReviewSide[] = (['vendor', 'distributor'] as const).filter((kind) => kinds.includes(kind));
  const [chosenSide, setSide] = useState<ReviewSide | null>(null);
  const side = chosenSide ?? sides[0] ?? 'vendor';
  const [status, setStatus] = useState('submitted');
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 300);
  const filters: DealFilters = { side, status, q };
  const deals = useDeals(filters);
  const items = deals.data?.pages.flatMap((page) => page.items) ?? [];

  let body;
  if (deals.isPending) {
    body = <Loader aria-label="Loading the registrations" />;
  } else if (deals.error) {
    body = <Alert color="red" title="Cannot load the registrations">{deals.error.message}</Alert>;
  } else if (items.length === 0) {
    body = (
      <EmptyState icon={status === 'submitted' ? <IconChecklist size={24} /> : <IconSearch size={24} />}
        title={status === 'submitted' && !q.trim() ? 'Nothing awaits your review' : 'No registrations match'}>
        {status === 'submitted' && !q.trim()
          ? side === 'vendor'
            ? 'When a partner registers a deal with you, it appears here in the order it was registered.'
            : 'When a reseller registers a deal through you, it appears here for you to pass on or turn down.'
          : 'Change the status or the search to see more.'}
      </EmptyState>
    );
  } else {
    body = (
      <Stack>
        <ReviewQueueTable deals={items} side={side} />
        {deals.hasNextPage && (
          <Button variant="default" onClick={() => deals.fetchNextPage()} loading={deals.isFetchingNextPage}
            style={{ alignSelf: 'center' }}>
            Load more
          </Button>
        )}
      </Stack>
    );
  }

  return (
    <Stack>
      <PageHeader title="Deal review"
        description={side === 'vendor'
          ? 'Registrations made with you, first come first listed, with possible conflicts.'
          : 'Registrations resellers made through you, to pass on to the vendor or turn down.'}
        actions={items.length > 0 && (
          <Button component="a" href={dealExportUrl(filters)} download variant="default"
            leftSection={<IconDownload size={16} aria-hidden />}>
            Download CSV
          </Button>
        )} />
      <Group align="flex-end" gap="sm" role="search" aria-label="Filter registrations">
        {sides.length > 1 && (
          <Stack gap={4}>
            <Text size="sm" fw={500} id="review-side-label">Review as</Text>
            <SegmentedControl aria-labelledby="review-side-label" value={side}
              onChange={(value) => setSide(value as ReviewSide)}
              data={[{ value: 'vendor', label: 'Vendor' }, { value: 'distributor', label: 'Distributor' }]} />
          </Stack>
        )}
        <NativeSelect label="Status" value={status} onChange={(e) => setStatus(e.currentTarget.value)} w={240}
          data={[
            ...REVIEW_STATUSES.map((s) => ({ value: s, label: s === 'submitted' ? 'Awaiting review' : STATUS_LABELS[s] })),
            { value: '', label: 'Every status' },
          ]} />
        <TextInput label="Search customers" placeholder="Company name" value={search} type="search"
          onChange={(e) => setSearch(e.currentTarget.value)} leftSection={<IconSearch size={16} aria-hidden />}
          style={{ flex: 1, minWidth: 200 }} />
      </Group>
      {body}
    </Stack>
  );
}
