import {
  Alert,
  Anchor,
  Button,
  Code,
  Group,
  Loader,
  NativeSelect,
  Paper,
  Progress,
  Radio,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconFileImport } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';

import { ApiError } from '../api/client';
import {
  type ContactImport,
  isImportRunning,
  type StartInput,
  useCancelImport,
  useContactImport,
  useContactImports,
  useContactLists,
  useStartImport,
  useUploadImport,
} from '../modules/contacts/api';
import { DELIMITER_LABELS, ImportStatusBadge } from '../modules/contacts/labels';
import {
  choiceFromValue,
  choiceKey,
  choicesFromMapping,
  choiceValue,
  type ColumnChoice,
  CONTACT_FIELD_LABELS,
  CONTACT_FIELDS,
  mappingFromChoices,
} from '../modules/contacts/mapping';
import { formatInstant } from '../modules/deals/labels';
import { CsvFileStep } from '../modules/ui/CsvFileStep';
import { PageHeader } from '../modules/ui/PageHeader';
import { RejectedRows } from '../modules/ui/RejectedRows';

const CHOICE_OPTIONS = [
  ...CONTACT_FIELDS.map((field) => ({ value: field, label: CONTACT_FIELD_LABELS[field] })),
  { value: '__attribute', label: 'Custom attribute' },
  { value: '__skip', label: 'Don’t import' },
];

function choiceLabel(choice: ColumnChoice): string {
  if (choice.kind === 'field') return CONTACT_FIELD_LABELS[choice.field];
  if (choice.kind === 'attribute') return choice.name ? `Attribute ${choice.name}` : 'Custom attribute';
  return 'Not imported';
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

// Step 2: what each column of the file becomes, with the first rows as they would be read.
function MappingStep({ found, onStarted }: { found: ContactImport; onStarted: () => void }) {
  const [choices, setChoices] = useState<ColumnChoice[]>(() => choicesFromMapping(found.header, found.mapping));
  const [onDuplicate, setOnDuplicate] = useState<'update' | 'skip'>(found.on_duplicate ?? 'update');
  const [listId, setListId] = useState(found.list_id ?? '');
  const lists = useContactLists();
  const start = useStartImport();
  const cancel = useCancelImport();
  const problem = start.error instanceof ApiError ? start.error : null;
  const errors = problem?.fieldErrors ?? {};
  const mapping = mappingFromChoices(found.header, choices);
  const errorRef = useRef<HTMLDivElement>(null);

  // Errors of fields that no column is mapped to yet show above the columns.
  const shownAtColumns = new Set(choices.map((choice) => choiceKey(choice)).filter(Boolean).map((key) => `mapping.${key}`));
  const general = Object.entries(errors).filter(
    ([key]) => !shownAtColumns.has(key) && key !== 'on_duplicate' && key !== 'list_id',
  );

  useEffect(() => {
    if (problem) errorRef.current?.focus();
  }, [problem]);

  const setChoice = (index: number, choice: ColumnChoice) =>
    setChoices((current) => current.map((c, i) => (i === index ? choice : c)));

  const submit = () => {
    const input: StartInput = { mapping, on_duplicate: onDuplicate };
    if (listId) input.list_id = listId;
    start.mutate({ id: found.id, input }, { onSuccess: onStarted });
  };

  return (
    <Stack gap="md">
      <Title order={2} size="h4">Step 2 of 3: say what each column is</Title>
      <Text size="sm" c="dimmed">
        {found.file_name}: read as {found.encoding}, columns separated by{' '}
        {DELIMITER_LABELS[found.delimiter] ?? <Code>{found.delimiter}</Code>}. Email is required; columns you do
        not need can stay out.
      </Text>
      <div ref={errorRef} tabIndex={-1}>
        {(general.length > 0 || (problem && Object.keys(errors).length === 0)) && (
          <Alert color="red" title="The import cannot start yet" role="alert">
            {general.map(([key, message]) => (
              <Text size="sm" key={key} data-testid="mapping-error">
                {key.startsWith('mapping.') ? `${choiceLabelOfKey(key)}: ` : ''}
                {message}
              </Text>
            ))}
            {Object.keys(errors).length === 0 && problem?.detail}
          </Alert>
        )}
      </div>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} role="group" aria-label="Columns of the file">
        {found.header.map((column, index) => {
          const choice = choices[index] ?? { kind: 'skip' };
          const key = choiceKey(choice);
          const error = key ? errors[`mapping.${key}`] : undefined;
          return (
            <Paper withBorder p="sm" key={`${column}-${index}`}>
              <NativeSelect label={`Column “${column}”`} data={CHOICE_OPTIONS} value={choiceValue(choice)}
                onChange={(event) => setChoice(index, choiceFromValue(event.currentTarget.value, choice))}
                error={choice.kind === 'attribute' ? undefined : error}
                description={found.preview[0]?.[index] ? `e.g. ${found.preview[0][index]}` : undefined} />
              {choice.kind === 'attribute' && (
                <TextInput mt="xs" label={`Attribute name for “${column}”`} placeholder="e.g. industry"
                  description="Lower-case letters, digits and _" value={choice.name}
                  onChange={(event) => setChoice(index, { kind: 'attribute', name: event.currentTarget.value })}
                  error={error} />
              )}
            </Paper>
          );
        })}
      </SimpleGrid>

      <div>
        <Text fw={600} size="sm" id="preview-heading">The first rows, as they would be imported</Text>
        <Table.ScrollContainer minWidth={480}>
          <Table withTableBorder withColumnBorders verticalSpacing={4} aria-labelledby="preview-heading">
            <Table.Thead>
              <Table.Tr>
                {found.header.map((column, index) => (
                  <Table.Th scope="col" key={`${column}-${index}`}>
                    <Text size="xs" c={choices[index]?.kind === 'skip' ? 'dimmed' : undefined} fw={700}>
                      {choiceLabel(choices[index] ?? { kind: 'skip' })}
                    </Text>
                    <Text size="xs" c="dimmed" fw={400}>{column}</Text>
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {found.preview.map((row, rowIndex) => (
                <Table.Tr key={rowIndex}>
                  {found.header.map((column, index) => (
                    <Table.Td key={`${column}-${index}`} c={choices[index]?.kind === 'skip' ? 'dimmed' : undefined}>
                      {row[index] ?? ''}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </div>

      <Radio.Group label="If an address is already a contact" value={onDuplicate}
        onChange={(value) => setOnDuplicate(value as 'update' | 'skip')} error={errors.on_duplicate}>
        <Group mt="xs">
          <Radio value="update" label="Update the contact with the file’s values" />
          <Radio value="skip" label="Leave the contact as it is" />
        </Group>
      </Radio.Group>
      <NativeSelect label="Add the imported contacts to a list" value={listId} w={320} error={errors.list_id}
        onChange={(event) => setListId(event.currentTarget.value)}
        data={[{ value: '', label: 'No list' },
          ...(lists.data?.items ?? []).filter((list) => list.kind === 'list')
            .map((list) => ({ value: list.id, label: list.name }))]} />
      <Group justify="flex-end">
        <Button variant="default" loading={cancel.isPending} onClick={() => cancel.mutate(found.id)}>
          Cancel this import
        </Button>
        <Button loading={start.isPending} onClick={submit} leftSection={<IconFileImport size={16} aria-hidden />}>
          Import
        </Button>
      </Group>
    </Stack>
  );
}

function choiceLabelOfKey(key: string): string {
  const field = key.slice('mapping.'.length);
  if (field in CONTACT_FIELD_LABELS) return CONTACT_FIELD_LABELS[field as keyof typeof CONTACT_FIELD_LABELS];
  if (field.startsWith('attributes.')) return `Attribute ${field.slice('attributes.'.length)}`;
  return field;
}

// Step 3: how far the import has read the file.
function ProgressStep({ found }: { found: ContactImport }) {
  const percent = found.file_bytes > 0 ? Math.min(100, Math.round((found.bytes_read / found.file_bytes) * 100)) : 0;
  return (
    <Stack gap="sm">
      <Title order={2} size="h4">Step 3 of 3: importing {found.file_name}</Title>
      <Progress value={percent} size="lg" animated aria-label="Import progress" />
      <Text size="sm" role="status">
        {found.status === 'queued' ? 'Waiting to start… ' : ''}
        {percent}% · {plural(found.rows_total, 'row read', 'rows read')}
      </Text>
    </Stack>
  );
}

// Step 4: what the import did, or why it did nothing.
function ResultStep({ found, onRemap, onNew }: { found: ContactImport; onRemap: () => void; onNew: () => void }) {
  const cancel = useCancelImport();
  const cancelError = cancel.error instanceof ApiError ? cancel.error : null;
  const heading = <Title order={2} size="h4">Step 3 of 3: the report</Title>;
  if (found.status === 'completed') {
    return (
      <Stack gap="sm">
        {heading}
        <Alert color="green" title="Imported" role="status">
          {found.file_name}: {plural(found.rows_imported, 'contact created', 'contacts created')},{' '}
          {found.rows_updated.toLocaleString()} updated, {found.rows_skipped.toLocaleString()} skipped, of{' '}
          {plural(found.rows_total, 'row', 'rows')}.
        </Alert>
        <Group>
          <Button component={Link} to="/contacts">See the contacts</Button>
          <Button variant="default" onClick={onNew}>Import another file</Button>
        </Group>
      </Stack>
    );
  }
  if (found.status === 'rejected') {
    return (
      <Stack gap="sm">
        {heading}
        <Alert color="red" title="Nothing was imported" role="alert">
          {plural(found.rows_rejected, 'problem', 'problems')} in {found.file_name}. An import takes every row or none:
          change the mapping, or correct these rows in the file and upload it again.
        </Alert>
        <RejectedRows fieldHeading="Field"
          rows={found.rejected.map((row) => ({ line: row.line, field: row.field, message: row.reason }))} />
        {found.rows_rejected > found.rejected.length && (
          <Text size="sm" c="dimmed">The first {found.rejected.length.toLocaleString()} are listed.</Text>
        )}
        {cancelError && <Alert color="red" title={cancelError.title}>{cancelError.detail}</Alert>}
        <Group>
          <Button onClick={onRemap}>Change the mapping and try again</Button>
          <Button variant="default" loading={cancel.isPending} onClick={() => cancel.mutate(found.id)}>
            Cancel this import
          </Button>
        </Group>
      </Stack>
    );
  }
  return (
    <Stack gap="sm">
      {heading}
      <Alert color={found.status === 'cancelled' ? 'gray' : 'red'}
        title={found.status === 'cancelled' ? 'Import cancelled' : 'The import failed'}>
        {found.status === 'cancelled' ? `${found.file_name} was not imported, and the file is deleted.` : found.error}
      </Alert>
      <Group><Button variant="default" onClick={onNew}>Import another file</Button></Group>
    </Stack>
  );
}

// Step 1: the file.
function UploadStep({ onUploaded }: { onUploaded: (found: ContactImport) => void }) {
  const upload = useUploadImport();
  const problem = upload.error instanceof ApiError ? upload.error : null;
  return (
    <CsvFileStep reading={upload.isPending} error={problem ? problem.detail || problem.title : undefined}
      onFile={(file) => upload.mutate(file, { onSuccess: onUploaded })}>
      The first row names the columns. The encoding (UTF-8, UTF-16, Windows-1252) and the separator (comma,
      semicolon, tab or bar) are found by themselves; you say what each column is in the next step.
    </CsvFileStep>
  );
}

function RecentImports({ onOpen }: { onOpen: (id: string) => void }) {
  const imports = useContactImports();
  const items = imports.data?.items ?? [];
  if (imports.isPending || items.length === 0) return null;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="recent-imports-heading">
      <Title order={2} size="h4" id="recent-imports-heading">Recent imports</Title>
      <Table.ScrollContainer minWidth={560}>
        <Table verticalSpacing={4} mt="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">File</Table.Th>
              <Table.Th scope="col">Status</Table.Th>
              <Table.Th scope="col">Rows</Table.Th>
              <Table.Th scope="col">Uploaded</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((item) => (
              <Table.Tr key={item.id}>
                <Table.Td>
                  <Anchor component="button" type="button" onClick={() => onOpen(item.id)}>{item.file_name}</Anchor>
                </Table.Td>
                <Table.Td><ImportStatusBadge status={item.status} /></Table.Td>
                <Table.Td>{item.rows_total.toLocaleString()}</Table.Td>
                <Table.Td>{formatInstant(item.created_at)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

// The import wizard: the file, the mapping with a preview, the progress and the report.
export function ContactImportPage() {
  const [importId, setImportId] = useState<string | null>(null);
  const [remapping, setRemapping] = useState(false);
  // Each upload or retry gets a fresh mapping step, so its state starts from the import.
  const [round, setRound] = useState(0);
  const current = useContactImport(importId);
  const found = importId ? current.data : undefined;

  const open = (id: string) => {
    setImportId(id);
    setRemapping(false);
    setRound((n) => n + 1);
  };

  let step;
  if (!importId) {
    step = <UploadStep onUploaded={(uploaded) => open(uploaded.id)} />;
  } else if (!found) {
    step = current.error
      ? <Alert color="red" title="Cannot load the import">{current.error.message}</Alert>
      : <Loader aria-label="Loading the import" />;
  } else if (found.status === 'uploaded' || (found.status === 'rejected' && remapping)) {
    step = <MappingStep key={round} found={found} onStarted={() => setRemapping(false)} />;
  } else if (isImportRunning(found.status)) {
    step = <ProgressStep found={found} />;
  } else {
    step = (
      <ResultStep found={found} onRemap={() => { setRemapping(true); setRound((n) => n + 1); }}
        onNew={() => setImportId(null)} />
    );
  }

  return (
    <Stack gap="lg">
      <PageHeader title="Import contacts"
        description="Bring contacts in from a CSV export of your CRM or mailing tool. An import takes every row or none."
        actions={<Button variant="default" component={Link} to="/contacts">Back to contacts</Button>} />
      <Paper withBorder p="md" component="section" aria-label="Import wizard">
        {step}
      </Paper>
      <RecentImports onOpen={open} />
    </Stack>
  );
}
