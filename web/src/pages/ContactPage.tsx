import {
  Alert,
  Anchor,
  Button,
  Code,
  Group,
  Loader,
  Modal,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Timeline,
  Title,
} from '@mantine/core';
import { IconCheck, IconTrash, IconX } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';

import { ApiError } from '../api/client';
import {
  type Consent,
  type ConsentBasis,
  type ConsentInput,
  type ContactSource,
  useContact,
  useRecordConsent,
} from '../modules/contacts/api';
import { ContactForm } from '../modules/contacts/ContactForm';
import { BASIS_LABELS, ConsentBadge, contactName, DotBadge, SUPPRESSION_REASON_LABELS } from '../modules/contacts/labels';
import { countryName, formatInstant } from '../modules/deals/labels';
import { useMe } from '../modules/identity/api';
import { PageHeader } from '../modules/ui/PageHeader';

const ACTION_LABELS: Record<Consent['action'], string> = { granted: 'Granted', withdrawn: 'Withdrawn', erased: 'Erased' };
const SOURCE_LABELS: Record<ContactSource, string> = { manual: 'Recorded by hand', import: 'Import', api: 'API', form: 'Form' };

function ConsentTimeline({ consents }: { consents: Consent[] }) {
  if (consents.length === 0) {
    return <Text c="dimmed" size="sm">No consent recorded yet.</Text>;
  }
  const sorted = [...consents].sort((a, b) => b.recorded_at.localeCompare(a.recorded_at));
  return (
    <Timeline bulletSize={22} lineWidth={2} aria-label="Consent history">
      {sorted.map((consent) => (
        <Timeline.Item key={consent.id}
          bullet={consent.action === 'granted' ? <IconCheck size={12} aria-hidden /> : consent.action === 'erased'
            ? <IconTrash size={12} aria-hidden /> : <IconX size={12} aria-hidden />}
          color={consent.action === 'granted' ? 'green' : 'red'}
          title={`${ACTION_LABELS[consent.action]}: ${consent.purpose}`}>
          <Text size="sm">
            {BASIS_LABELS[consent.basis]} · {SOURCE_LABELS[consent.source]} · given {formatInstant(consent.given_at)}
            {consent.expires_at ? ` · expires ${formatInstant(consent.expires_at)}` : ''}
          </Text>
          {consent.text && (
            <Text size="sm" mt={4}>
              “{consent.text}”{consent.text_version !== null ? ` (wording v${consent.text_version})` : ''}
            </Text>
          )}
          <Text size="xs" c="dimmed" mt={4}>
            {consent.controllers.length > 0 ? `Controllers: ${consent.controllers.join(', ')}. ` : ''}
            {consent.ip ? `IP ${consent.ip}. ` : ''}
            {consent.form ? `Form ${consent.form}. ` : ''}
            Recorded by {consent.recorded_by} {formatInstant(consent.recorded_at)}.
          </Text>
        </Timeline.Item>
      ))}
    </Timeline>
  );
}

function ConsentForm({ contactId, onDone }: { contactId: string; onDone: () => void }) {
  const [purpose, setPurpose] = useState('email_marketing');
  const [action, setAction] = useState<'granted' | 'withdrawn'>('granted');
  const [basis, setBasis] = useState<ConsentBasis>('consent');
  const [source, setSource] = useState<ContactSource>('manual');
  const [text, setText] = useState('');
  const [ip, setIp] = useState('');
  const [form, setForm] = useState('');
  const record = useRecordConsent();
  const problem = record.error instanceof ApiError ? record.error : null;
  const errors = problem?.fieldErrors ?? {};

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input: ConsentInput = { purpose: purpose.trim(), action, basis, source };
    if (text.trim()) input.text = text.trim();
    if (ip.trim()) input.ip = ip.trim();
    if (form.trim()) input.form = form.trim();
    record.mutate({ id: contactId, input }, { onSuccess: onDone });
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Record consent">
      <Stack gap="sm">
        {problem && Object.keys(errors).length === 0 && (
          <Alert color="red" title={problem.title} role="alert">{problem.detail}</Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="Purpose" required value={purpose} onChange={(e) => setPurpose(e.currentTarget.value)}
            error={errors.purpose} data-autofocus />
          <NativeSelect label="Action" value={action} error={errors.action}
            onChange={(e) => setAction(e.currentTarget.value as 'granted' | 'withdrawn')}
            data={[{ value: 'granted', label: 'Granted' }, { value: 'withdrawn', label: 'Withdrawn' }]} />
          <NativeSelect label="Basis" value={basis} error={errors.basis}
            onChange={(e) => setBasis(e.currentTarget.value as ConsentBasis)}
            data={(Object.keys(BASIS_LABELS) as ConsentBasis[]).map((value) => ({ value, label: BASIS_LABELS[value] }))} />
          <NativeSelect label="Source" value={source} error={errors.source}
            onChange={(e) => setSource(e.currentTarget.value as ContactSource)}
            data={(Object.keys(SOURCE_LABELS) as ContactSource[]).map((value) => ({ value, label: SOURCE_LABELS[value] }))} />
        </SimpleGrid>
        <Textarea label="Wording the person saw" autosize minRows={2} value={text} error={errors.text}
          description={basis === 'consent' && action === 'granted' ? 'Required for a consent' : undefined}
          onChange={(e) => setText(e.currentTarget.value)} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="IP address" value={ip} onChange={(e) => setIp(e.currentTarget.value)} error={errors.ip} />
          <TextInput label="Form" placeholder="e.g. newsletter-footer" value={form} error={errors.form}
            onChange={(e) => setForm(e.currentTarget.value)} />
        </SimpleGrid>
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>Cancel</Button>
          <Button type="submit" loading={record.isPending}>Record</Button>
        </Group>
      </Stack>
    </form>
  );
}

// One contact: its fields, lists, suppression state and consent history.
export function ContactPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const contact = useContact(id);
  const [editing, setEditing] = useState(false);
  const [recording, setRecording] = useState(false);
  const canEdit = me.data?.role !== 'viewer';

  if (contact.isPending) return <Loader aria-label="Loading the contact" />;
  if (contact.error || !contact.data) {
    const missing = contact.error instanceof ApiError && contact.error.status === 404;
    return (
      <Alert color={missing ? 'yellow' : 'red'} title={missing ? 'No such contact' : 'Cannot load the contact'}>
        {missing ? 'It may have been deleted or erased.' : contact.error?.message}{' '}
        <Anchor component={Link} to="/contacts">Back to contacts</Anchor>
      </Alert>
    );
  }
  const c = contact.data;
  const fields: Array<[string, string]> = [
    ['Email', c.email],
    ['Name', contactName(c)],
    ['Company', c.company],
    ['Job title', c.title],
    ['Phone', c.phone],
    ['Country', c.country ? `${countryName(c.country)} (${c.country})` : ''],
    ['Region', c.region],
    ['Source', SOURCE_LABELS[c.source]],
    ['Added', formatInstant(c.created_at)],
    ['Last activity', c.last_activity_at ? formatInstant(c.last_activity_at) : ''],
    ...Object.entries(c.attributes).map(([key, value]): [string, string] => [key, value]),
  ];

  return (
    <Stack gap="lg">
      <PageHeader title={contactName(c) || c.email} description={c.company || undefined}
        actions={canEdit && <Button onClick={() => setEditing(true)}>Edit</Button>} />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Paper withBorder p="md" component="section" aria-labelledby="fields-heading">
          <Title order={2} size="h4" id="fields-heading">Details</Title>
          <Table mt="xs" verticalSpacing={4}>
            <Table.Tbody>
              {fields.map(([label, value]) => (
                <Table.Tr key={label}>
                  <Table.Th scope="row" w={140}>{label}</Table.Th>
                  <Table.Td>{value || <Text span c="dimmed">—</Text>}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
        <Stack>
          <Paper withBorder p="md" component="section" aria-labelledby="state-heading">
            <Title order={2} size="h4" id="state-heading">Email marketing</Title>
            <Group gap="xs" mt="xs">
              <ConsentBadge state={c.email_marketing} />
              {c.suppressed ? (
                <DotBadge color="red">
                  Suppressed{c.suppression_reason
                    ? `: ${SUPPRESSION_REASON_LABELS[c.suppression_reason as keyof typeof SUPPRESSION_REASON_LABELS]
                      ?? c.suppression_reason}`
                    : ''}
                </DotBadge>
              ) : (
                <DotBadge color="gray">Not suppressed</DotBadge>
              )}
            </Group>
          </Paper>
          <Paper withBorder p="md" component="section" aria-labelledby="lists-heading">
            <Title order={2} size="h4" id="lists-heading">Lists</Title>
            {c.lists.length === 0 ? (
              <Text size="sm" c="dimmed" mt="xs">In no list.</Text>
            ) : (
              <Group gap="xs" mt="xs">
                {c.lists.map((list) => (
                  <Anchor key={list.id} component={Link} to={`/contacts?list_id=${list.id}`}>
                    <Code>{list.name}</Code>
                  </Anchor>
                ))}
              </Group>
            )}
          </Paper>
        </Stack>
      </SimpleGrid>
      <Paper withBorder p="md" component="section" aria-labelledby="consent-heading">
        <Group justify="space-between" mb="sm">
          <Title order={2} size="h4" id="consent-heading">Consent history</Title>
          {canEdit && <Button variant="default" size="xs" onClick={() => setRecording(true)}>Record consent</Button>}
        </Group>
        <ConsentTimeline consents={c.consents} />
      </Paper>
      <Modal opened={editing} onClose={() => setEditing(false)} size="lg" title={`Change ${c.email}`}>
        {editing && <ContactForm contact={c} onDone={() => setEditing(false)} />}
      </Modal>
      <Modal opened={recording} onClose={() => setRecording(false)} size="lg" title="Record consent">
        {recording && <ConsentForm contactId={c.id} onDone={() => setRecording(false)} />}
      </Modal>
    </Stack>
  );
}
