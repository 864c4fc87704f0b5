import { Alert, Button, Group, Loader, Modal, NativeSelect, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconMailOff, IconSearch } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';

import { ApiError } from '../api/client';
import { type Suppression, useLiftSuppression, useSuppress, useSuppressions } from '../modules/contacts/api';
import { SUPPRESSION_REASON_LABELS, SuppressionBadge } from '../modules/contacts/labels';
import { formatInstant } from '../modules/deals/labels';
import { useMe } from '../modules/identity/api';
import { EmptyState } from '../modules/ui/EmptyState';
import { PageHeader } from '../modules/ui/PageHeader';

type ManualReason = Exclude<Suppression['reason'], 'erased'>;

function SuppressForm() {
  const [email, setEmail] = useState('');
  const [reason, setReason] = useState<ManualReason>('manual');
  const [note, setNote] = useState('');
  const suppress = useSuppress();
  const problem = suppress.error instanceof ApiError ? suppress.error : null;
  const errors = problem?.fieldErrors ?? {};

  const submit = (event: FormEvent) => {
    event.preventDefault();
    suppress.mutate({ email: email.trim(), reason, note: note.trim() }, {
      onSuccess: () => {
        setEmail('');
        setNote('');
      },
    });
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="suppress-heading">
      <Title order={2} size="h4" id="suppress-heading">Suppress an address</Title>
      <form onSubmit={submit} noValidate aria-labelledby="suppress-heading">
        <Group align="flex-start" gap="sm" mt="xs">
          <TextInput label="Email" type="email" required value={email} style={{ flex: 1, minWidth: 220 }}
            onChange={(event) => setEmail(event.currentTarget.value)}
            error={errors.email ?? (problem && Object.keys(errors).length === 0 ? problem.detail : undefined)} />
          <NativeSelect label="Reason" value={reason} w={160} error={errors.reason}
            onChange={(event) => setReason(event.currentTarget.value as ManualReason)}
            data={(['manual', 'bounced', 'complained', 'unsubscribed'] as ManualReason[]).map((value) => ({
              value,
              label: SUPPRESSION_REASON_LABELS[value],
            }))} />
          <TextInput label="Note" value={note} style={{ flex: 1, minWidth: 200 }} error={errors.note}
            onChange={(event) => setNote(event.currentTarget.value)} />
          <Button type="submit" mt={25} loading={suppress.isPending}>Suppress</Button>
        </Group>
        <div role="status">
          {suppress.isSuccess && <Text size="sm" c="green" mt="xs">{suppress.data.email} is suppressed.</Text>}
        </div>
      </form>
    </Paper>
  );
}

// The addresses no marketing email may go to, from any vendor.
export function SuppressionsPage() {
  const me = useMe();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 300);
  const suppressions = useSuppressions(q);
  const lift = useLiftSuppression();
  const [lifting, setLifting] = useState<Suppression | null>(null);
  const [liftReason, setLiftReason] = useState('');
  const items = suppressions.data?.pages.flatMap((page) => page.items) ?? [];
  const canEdit = me.data?.role !== 'viewer';
  const liftError = lift.error instanceof ApiError ? lift.error : null;

  let body;
  if (suppressions.isPending) {
    body = <Loader aria-label="Loading the suppression list" />;
  } else if (suppressions.error) {
    const forbidden = suppressions.error instanceof ApiError && suppressions.error.status === 403;
    body = (
      <Alert color={forbidden ? 'yellow' : 'red'} title={forbidden ? 'Not for your access' : 'Cannot load the list'}>
        {forbidden ? 'Members scoped to regions cannot read the suppression list.' : suppressions.error.message}
      </Alert>
    );
  } else if (items.length === 0) {
    body = q.trim() ? (
      <EmptyState icon={<IconSearch size={24} />} title="No address matches">Change the search to see more.</EmptyState>
    ) : (
      <EmptyState icon={<IconMailOff size={24} />} title="Nobody is suppressed">
        Addresses that unsubscribe, bounce, complain or are erased land here, and no vendor’s campaign mails them.
      </EmptyState>
    );
  } else {
    body = (
      <Stack>
        <Table.ScrollContainer minWidth={640}>
          <Table striped aria-label="Suppressed addresses">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Address</Table.Th>
                <Table.Th scope="col">Reason</Table.Th>
                <Table.Th scope="col">Vendor</Table.Th>
                <Table.Th scope="col">Note</Table.Th>
                <Table.Th scope="col">Added</Table.Th>
                <Table.Th scope="col"><span className="visually-hidden">Actions</span></Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((entry) => (
                <Table.Tr key={entry.id} data-testid="suppression-row">
                  <Table.Td>{entry.email ?? <Text span c="dimmed" fs="italic">erased (hash kept)</Text>}</Table.Td>
                  <Table.Td>
                    <SuppressionBadge reason={entry.reason} />
                    {entry.lifted_at && <Text size="xs" c="dimmed">Lifted {formatInstant(entry.lifted_at)}</Text>}
                  </Table.Td>
                  <Table.Td>{entry.vendor_org_id ? 'One vendor' : 'Every vendor'}</Table.Td>
                  <Table.Td>{entry.note}</Table.Td>
                  <Table.Td>{formatInstant(entry.created_at)}</Table.Td>
                  <Table.Td>
                    {canEdit && !entry.lifted_at && (entry.reason === 'manual' || entry.reason === 'bounced') && (
                      <Button size="xs" variant="default" aria-label={`Lift the suppression of ${entry.email}`}
                        onClick={() => {
                          lift.reset();
                          setLiftReason('');
                          setLifting(entry);
                        }}>
                        Lift
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {suppressions.hasNextPage && (
          <Button variant="default" onClick={() => suppressions.fetchNextPage()}
            loading={suppressions.isFetchingNextPage} style={{ alignSelf: 'center' }}>
            Load more
          </Button>
        )}
      </Stack>
    );
  }

  return (
    <Stack gap="lg">
      <PageHeader title="Suppression list"
        description="One list for your organisation, honoured by every vendor’s campaigns."
        actions={<Button variant="default" component={Link} to="/contacts">Back to contacts</Button>} />
      {canEdit && <SuppressForm />}
      <Stack gap="sm">
        <Group role="search" aria-label="Search the suppression list">
          <TextInput label="Search" type="search" placeholder="Part of the address" value={search}
            onChange={(event) => setSearch(event.currentTarget.value)} leftSection={<IconSearch size={16} aria-hidden />}
            style={{ flex: 1, maxWidth: 420 }} />
        </Group>
        {body}
      </Stack>
      <Modal opened={lifting !== null} onClose={() => setLifting(null)} title="Lift this suppression?">
        <form onSubmit={(event) => {
          event.preventDefault();
          if (lifting) lift.mutate({ id: lifting.id, reason: liftReason.trim() }, { onSuccess: () => setLifting(null) });
        }} noValidate>
          <Stack>
            <Text>{lifting?.email} may be mailed again by campaigns.</Text>
            <TextInput label="Why" required data-autofocus value={liftReason}
              onChange={(event) => setLiftReason(event.currentTarget.value)}
              error={liftError?.fieldErrors.reason ?? (liftError ? liftError.detail || liftError.title : undefined)} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setLifting(null)}>Keep it</Button>
              <Button type="submit" loading={lift.isPending} disabled={!liftReason.trim()}>Lift</Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Stack>
  );
}
