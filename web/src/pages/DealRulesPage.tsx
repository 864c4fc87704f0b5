import { Alert, Loader, Stack } from '@mantine/core';

import { ApiError } from '../api/client';
import { useDealRules } from '../modules/deals/api';
import { DealRulesForm } from '../modules/deals/DealRulesForm';
import { isAdmin, useMe } from '../modules/identity/api';
import { PageHeader } from '../modules/ui/PageHeader';

// The vendor's deal-registration rules; owners and admins change them, everyone else reads them.
export function DealRulesPage() {
  const me = useMe();
  const rules = useDealRules();
  const editable = isAdmin(me.data?.role);

  let body;
  if (rules.isPending) {
    body = <Loader aria-label="Loading the deal rules" />;
  } else if (rules.error) {
    const forbidden = rules.error instanceof ApiError && rules.error.status === 403;
    body = (
      <Alert color={forbidden ? 'yellow' : 'red'} title={forbidden ? 'Vendors only' : 'Cannot load the deal rules'}>
        {rules.error.message}
      </Alert>
    );
  } else {
    body = <DealRulesForm rules={rules.data} editable={editable} />;
  }

  return (
    <Stack maw={960}>
      <PageHeader title="Deal rules"
        description={editable
          ? 'What partners must give to register a deal with you, and how you protect it.'
          : 'What partners must give to register a deal with you. Owners and admins change these.'} />
      {body}
    </Stack>
  );
}
