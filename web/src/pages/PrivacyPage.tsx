import {
  Alert,
  Button,
  Group,
  Loader,
  Modal,
  NumberInput,
  Paper,
  Radio,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconDownload, IconShieldLock } from '@tabler/icons-react';
import { type FormEvent, useEffect, useState } from 'react';

import { ApiError, apiPostForText } from '../api/client';
import {
  type EraseResult,
  type PersonalData,
  useMarketingCap,
  usePrivacyErase,
  usePrivacyExport,
  usePrivacyRequests,
  useSetMarketingCap,
} from '../modules/contacts/api';
import { BASIS_LABELS, contactName, DotBadge, SuppressionBadge } from '../modules/contacts/labels';
import { formatInstant } from '../modules/deals/labels';
import { EmptyState } from '../modules/ui/EmptyState';
import { PageHeader } from '../modules/ui/PageHeader';

const plural = (n: number, one: string, many: string) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

function download(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

// What an export found, readable: contacts, consents, suppressions and emails sent.
function ExportSummary({ data }: { data: PersonalData }) {
  const [csvError, setCsvError] = useState<string | null>(null);
  const downloadCsv = async () => {
    setCsvError(null);
    try {
      const text = await apiPostForText('/api/v1/privacy/export?format=csv', { email: data.email }, 'text/csv');
      download(`personal-data-${data.email}.csv`, 'text/csv', text);
    } catch (error) {
      setCsvError(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="export-heading" data-testid="export-summary">
      <Stack gap="sm">
        <Title order={3} size="h5" id="export-heading">What is held on {data.email}</Title>
        <Text data-testid="export-counts">
          {plural(data.contacts.length, 'contact', 'contacts')}, {plural(data.consents.length, 'consent record', 'consent records')},{' '}
          {plural(data.suppressions.length, 'suppression entry', 'suppression entries')},{' '}
          {plural(data.marketing_emails, 'marketing email sent', 'marketing emails sent')}.
        </Text>
        {data.contacts.length === 0 && (
          <Text c="dimmed">No contact with this address is held.</Text>
        )}
        {data.contacts.map((contact) => (
          <Paper withBorder p="sm" key={contact.id}>
            <Text fw={600}>{contactName(contact) || contact.email}</Text>
            <Text size="sm">
              {[contact.email, contact.company, contact.title, contact.phone, contact.country, contact.region]
                .filter(Boolean).join(' · ')}
            </Text>
            {Object.keys(contact.attributes).length > 0 && (
              <Text size="sm" c="dimmed">
                {Object.entries(contact.attributes).map(([key, value]) => `${key}: ${value}`).join(' · ')}
              </Text>
            )}
            <Text size="sm" c="dimmed">
              Lists: {contact.lists.length > 0 ? contact.lists.map((list) => list.name).join(', ') : 'none'} · Added{' '}
              {formatInstant(contact.created_at)} ({contact.source})
            </Text>
          </Paper>
        ))}
        {data.consents.length > 0 && (
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing={4} aria-label="Consent records">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Given</Table.Th>
                  <Table.Th scope="col">Purpose</Table.Th>
                  <Table.Th scope="col">Action</Table.Th>
                  <Table.Th scope="col">Basis</Table.Th>
                  <Table.Th scope="col">Source</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.consents.map((consent) => (
                  <Table.Tr key={consent.id}>
                    <Table.Td>{formatInstant(consent.given_at)}</Table.Td>
                    <Table.Td>{consent.purpose}</Table.Td>
                    <Table.Td>{consent.action}</Table.Td>
                    <Table.Td>{BASIS_LABELS[consent.basis]}</Table.Td>
                    <Table.Td>{consent.source}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {data.suppressions.map((entry) => (
          <Group gap="xs" key={entry.id} data-testid="export-suppression">
            <SuppressionBadge reason={entry.reason} />
            <Text size="sm">
              Suppressed since {formatInstant(entry.created_at)}
              {entry.lifted_at ? ` (lifted ${formatInstant(entry.lifted_at)})` : ''}:{' '}
              {entry.email === null ? 'address erased, hash kept' : entry.email}
            </Text>
          </Group>
        ))}
        <Group>
          <Button variant="default" size="xs" leftSection={<IconDownload size={14} aria-hidden />}
            onClick={() => download(`personal-data-${data.email}.json`, 'application/json', JSON.stringify(data, null, 2))}>
            Download as JSON
          </Button>
          <Button variant="default" size="xs" leftSection={<IconDownload size={14} aria-hidden />}
            onClick={() => void downloadCsv()}>
            Download as CSV
          </Button>
        </Group>
        {csvError && <Alert color="red" title="Cannot download the CSV">{csvError}</Alert>}
      </Stack>
    </Paper>
  );
}

function EraseSummary({ result }: { result: EraseResult }) {
  return (
    <Alert color="green" title={`${result.email} is erased`} role="status" data-testid="erase-summary">
      {plural(result.contacts, 'contact', 'contacts')} deleted; {plural(result.consents, 'consent record', 'consent records')}{' '}
      kept without anything that names the person.{' '}
      {result.suppressed ? 'The address is now suppressed: only its hash is kept, so it is never mailed again.' : ''}
    </Alert>
  );
}

function DataSubjectRequest() {
  const [email, setEmail] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState('');
  const exporter = usePrivacyExport();
  const eraser = usePrivacyErase();
  const problem = [exporter.error, eraser.error].find((e) => e instanceof ApiError) as ApiError | undefined;
  const emailError = problem?.fieldErrors.email;

  const runExport = (event: FormEvent) => {
    event.preventDefault();
    exporter.mutate(email.trim());
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="dsr-heading">
      <Title order={2} size="h4" id="dsr-heading">A person’s data</Title>
      <Text size="sm" c="dimmed">
        Find everything your organisation holds on an address, or erase the person from your marketing database.
      </Text>
      <form onSubmit={runExport} noValidate>
        <Group align="flex-start" gap="sm" mt="sm">
          <TextInput label="Email address" type="email" required value={email} style={{ flex: 1, maxWidth: 420 }}
            onChange={(event) => setEmail(event.currentTarget.value)} error={emailError} />
          <Button type="submit" mt={25} loading={exporter.isPending} disabled={!email.trim()}>Export</Button>
          <Button color="red" variant="subtle" mt={25} disabled={!email.trim()}
            onClick={() => {
              exporter.reset();
              eraser.reset();
              setTyped('');
              setConfirming(true);
            }}>
            Erase
          </Button>
        </Group>
      </form>
      <Stack mt="md" gap="sm">
        {problem && !emailError && (
          <Alert color="red" title={problem.title} role="alert">{problem.detail}</Alert>
        )}
        <div role="status">{eraser.data && <EraseSummary result={eraser.data} />}</div>
        {exporter.data && <ExportSummary data={exporter.data} />}
      </Stack>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title="Erase this person?">
        <form noValidate onSubmit={(event) => {
          event.preventDefault();
          eraser.mutate(email.trim(), { onSuccess: () => setConfirming(false) });
        }}>
          <Stack>
            <Text>
              The contact and its list memberships are deleted, its consent records lose everything that names the
              person, and the address stays suppressed as a hash so that it is never mailed again. This cannot be
              undone.
            </Text>
            <TextInput label={`Type ${email.trim()} to confirm`} data-autofocus value={typed} autoComplete="off"
              onChange={(event) => setTyped(event.currentTarget.value)} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirming(false)}>Keep it</Button>
              <Button type="submit" color="red" loading={eraser.isPending}
                disabled={typed.trim().toLowerCase() !== email.trim().toLowerCase()}>
                Erase for good
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Paper>
  );
}

function RequestHistory() {
  const requests = usePrivacyRequests();
  const items = requests.data?.items ?? [];
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="requests-heading">
      <Title order={2} size="h4" id="requests-heading">Requests answered</Title>
      {requests.isPending && <Loader aria-label="Loading the requests" />}
      {requests.data && items.length === 0 && <Text c="dimmed" size="sm" mt="xs">No export or erasure yet.</Text>}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing={4} mt="xs" aria-labelledby="requests-heading">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">When</Table.Th>
                <Table.Th scope="col">Request</Table.Th>
                <Table.Th scope="col">Address</Table.Th>
                <Table.Th scope="col">Found</Table.Th>
                <Table.Th scope="col">By</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((item) => (
                <Table.Tr key={item.id}>
                  <Table.Td>{formatInstant(item.requested_at)}</Table.Td>
                  <Table.Td>
                    <DotBadge color={item.kind === 'erase' ? 'red' : 'blue'}>
                      {item.kind === 'erase' ? 'Erasure' : 'Export'}
                    </DotBadge>
                  </Table.Td>
                  <Table.Td>{item.email_masked}</Table.Td>
                  <Table.Td>
                    {plural(item.contacts, 'contact', 'contacts')}, {plural(item.consents, 'consent', 'consents')},{' '}
                    {plural(item.suppressions, 'suppression', 'suppressions')}
                  </Table.Td>
                  <Table.Td>{item.requested_by}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}

function FrequencyCap() {
  const cap = useMarketingCap();
  const save = useSetMarketingCap();
  const [mode, setMode] = useState<'none' | 'cap'>('none');
  const [maxEmails, setMaxEmails] = useState<number | string>(4);
  const [periodDays, setPeriodDays] = useState<number | string>(30);
  const problem = save.error instanceof ApiError ? save.error : null;

  useEffect(() => {
    if (!cap.data) return;
    setMode(cap.data.max_emails === null ? 'none' : 'cap');
    if (cap.data.max_emails !== null) setMaxEmails(cap.data.max_emails);
    if (cap.data.period_days !== null) setPeriodDays(cap.data.period_days);
  }, [cap.data]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(mode === 'none'
      ? { max_emails: null, period_days: null }
      : { max_emails: Number(maxEmails), period_days: Number(periodDays) });
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="cap-heading">
      <Title order={2} size="h4" id="cap-heading">Frequency cap</Title>
      <Text size="sm" c="dimmed">How many marketing emails a contact may get, across every vendor’s campaigns.</Text>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm" mt="sm">
          <Radio.Group value={mode} onChange={(value) => setMode(value as 'none' | 'cap')} label="Cap"
            error={problem && Object.keys(problem.fieldErrors).length === 0 ? problem.detail : undefined}>
            <Stack gap="xs" mt="xs">
              <Radio value="none" label="No cap" />
              <Radio value="cap" label="At most…" />
            </Stack>
          </Radio.Group>
          {mode === 'cap' && (
            <Group align="flex-start" gap="sm">
              <NumberInput label="Emails" min={1} max={100} value={maxEmails} onChange={setMaxEmails} w={120}
                error={problem?.fieldErrors.max_emails} />
              <NumberInput label="Per days" min={1} max={365} value={periodDays} onChange={setPeriodDays} w={120}
                error={problem?.fieldErrors.period_days} />
            </Group>
          )}
          <Group>
            <Button type="submit" loading={save.isPending}>Save the cap</Button>
            <div role="status">{save.isSuccess && <Text size="sm" c="green">Saved.</Text>}</div>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

// Data-subject requests and the frequency cap: owners and admins.
export function PrivacyPage() {
  const requests = usePrivacyRequests();
  const forbidden = requests.error instanceof ApiError && requests.error.status === 403;
  return (
    <Stack gap="lg">
      <PageHeader title="Privacy"
        description="Answer people who ask what you hold on them or to be forgotten, and cap how often contacts are mailed." />
      {forbidden ? (
        <EmptyState icon={<IconShieldLock size={24} />} title="For owners and admins">
          Exports, erasures and the frequency cap are handled by your organisation’s owners and admins. Ask one of them
          if someone wants to see or remove their data.
        </EmptyState>
      ) : (
        <>
          <DataSubjectRequest />
          <RequestHistory />
          <FrequencyCap />
        </>
      )}
    </Stack>
  );
}
