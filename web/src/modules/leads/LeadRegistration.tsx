import { Alert, Anchor, Button, Group, Text } from '@mantine/core';
import { IconReceipt } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';

import { useVendors } from '../network/api';
import type { Lead } from './api';
import { ConvertForm } from './ConvertForm';

// The lead's deal registration: a link once it is registered, else the one-step conversion with
// one of the organisation's vendors. `quietWithoutVendors`: an organisation that is nobody's
// partner sees nothing here, instead of being told how to become one.
export function LeadRegistration({ lead, canWrite, quietWithoutVendors = false }:
  { lead: Lead; canWrite: boolean; quietWithoutVendors?: boolean }) {
  const navigate = useNavigate();
  const vendors = useVendors();
  const [open, setOpen] = useState(false);
  if (lead.deal_id) {
    return (
      <Alert color="teal" variant="light" icon={<IconReceipt size={18} aria-hidden />} title="Registered as a deal">
        <Anchor component={Link} to={`/deals/${lead.deal_id}`}>Open the deal</Anchor>
      </Alert>
    );
  }
  const none = vendors.data?.length === 0;
  if (!canWrite || (quietWithoutVendors && (vendors.isPending || none))) return null;
  if (!open) {
    return (
      <Group>
        <Button leftSection={<IconReceipt size={16} aria-hidden />} onClick={() => setOpen(true)}
          disabled={vendors.isPending || none}>
          Register as deal
        </Button>
        {none && <Text size="sm" c="dimmed">You register deals once a vendor has you as a partner.</Text>}
      </Group>
    );
  }
  return (
    <ConvertForm lead={lead} vendors={vendors.data ?? []} onCancel={() => setOpen(false)}
      onConverted={(dealId) => navigate(`/deals/${dealId}`)} />
  );
}
