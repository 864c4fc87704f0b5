import {
  Alert,
  Anchor,
  Button,
  Code,
  Group,
  List,
  Loader,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { IconFileImport } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';

import { ApiError } from '../api/client';
import { DELIMITER_LABELS } from '../modules/contacts/labels';
import {
  type LeadImportOutcome,
  type LeadImportPreview,
  useImportLeads,
  usePreviewLeadImport,
} from '../modules/leads/api';
import {
  cellFor,
  LEAD_IMPORT_FIELD_LABELS,
  LEAD_IMPORT_FIELDS,
  type LeadImportMapping,
  mappedFields,
  mappingFromSuggestion,
  unusedColumns,
} from '../modules/leads/importMapping';
import { CsvFileStep } from '../modules/ui/CsvFileStep';
import { PageHeader } from '../modules/ui/PageHeader';
import { RejectedRows } from '../modules/ui/RejectedRows';

const plural = (n: number, one: string, many: string) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

type Chosen = { file: File; preview: LeadImportPreview };

// Step 1: the file, read for its header and first rows.
function FileStep({ onRead }: { onRead: (chosen: Chosen) => void }) {
  const preview = usePreviewLeadImport();
  const problem = preview.error instanceof ApiError ? preview.error : null;
  return (
    <CsvFileStep reading={preview.isPending}
      error={problem ? problem.rows[0]?.message ?? problem.fieldErrors.file ?? (problem.detail || problem.title) : undefined}
      onFile={(file) => preview.mutate(file, { onSuccess: (read) => onRead({ file, preview: read }) })}>
      The first row names the columns; each other row is a lead, up to 50,000. The encoding (UTF-8, UTF-16,
      Windows-1252) and the separator (comma, semicolon, tab or bar) are found by themselves, and you say which
      column is which in the next step. Nothing is stored before you import.
    </CsvFileStep>
  );
}

// Step 2: which column fills each field, with the first rows as they would be imported; a file
// with wrong rows is reported here, every row with its line, and nothing is stored.
function MappingStep({ chosen, onImported, onOtherFile }:
  { chosen: Chosen; onImported: (outcome: LeadImportOutcome) => void; onOtherFile: () => void }) {
  const { file, preview } = chosen;
  const [mapping, setMapping] = useState<LeadImportMapping>(() =>
    mappingFromSuggestion(preview.header, preview.suggested_mapping));
  const importer = useImportLeads();
  const problem = importer.error instanceof ApiError ? importer.error : null;
  const reportRef = useRef<HTMLDivElement>(null);
  const fields = mappedFields(mapping);
  const unused = unusedColumns(preview.header, mapping);
  const columnOptions = [{ value: '', label: 'Leave empty' }, ...preview.header.map((column) => ({ value: column, label: column }))];
  const mappingErrors = Object.entries(problem?.fieldErrors ?? {}).filter(([key]) => key.startsWith('map.'));
  const shownAtFields = new Set(LEAD_IMPORT_FIELDS.map((field) => `map.${field}`));

  useEffect(() => {
    if (problem) reportRef.current?.focus();
  }, [problem]);

  const submit = () => importer.mutate({ file, mapping }, { onSuccess: onImported });

  return (
    <Stack gap="md">
      <Title order={2} size="h4">Step 2 of 3: say which column is which</Title>
      <Text size="sm" c="dimmed">
        {file.name}: read as {preview.encoding}, columns separated by{' '}
        {DELIMITER_LABELS[preview.delimiter] ?? <Code>{preview.delimiter}</Code>}. Company is required, and each
        row is checked as a lead added by hand: the country as a two-letter code, the address and phone as real
        ones.
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} role="group" aria-label="Fields of a lead">
        {LEAD_IMPORT_FIELDS.map((field) => (
          <NativeSelect key={field} label={LEAD_IMPORT_FIELD_LABELS[field]} data={columnOptions}
            required={field === 'company'} value={mapping[field]}
            onChange={(event) => {
              const column = event.currentTarget.value;
              setMapping((current) => ({ ...current, [field]: column }));
            }}
            error={problem?.fieldErrors[`map.${field}`]} />
        ))}
      </SimpleGrid>
      {unused.length > 0 && (
        <Text size="sm" c="dimmed">Not imported: {unused.join(', ')}</Text>
      )}

      <div>
        <Text fw={600} size="sm" id="lead-preview-heading">The first rows, as they would be imported</Text>
        {fields.length === 0 ? (
          <Text size="sm" c="dimmed">Choose a column for the company to see them.</Text>
        ) : (
          <Table.ScrollContainer minWidth={480}>
            <Table withTableBorder withColumnBorders verticalSpacing={4} aria-labelledby="lead-preview-heading">
              <Table.Thead>
                <Table.Tr>
                  {fields.map((field) => (
                    <Table.Th scope="col" key={field}>
                      <Text size="xs" fw={700}>{LEAD_IMPORT_FIELD_LABELS[field]}</Text>
                      <Text size="xs" c="dimmed" fw={400}>{mapping[field]}</Text>
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {preview.preview.map((row, rowIndex) => (
                  <Table.Tr key={rowIndex}>
                    {fields.map((field) => (
                      <Table.Td key={field}>{cellFor(preview.header, row, mapping, field)}</Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </div>

      <div ref={reportRef} tabIndex={-1}>
        {problem && problem.rows.length > 0 && (
          <Alert color="red" role="alert"
            title={`Nothing was imported: ${plural(problem.rows.length, 'problem', 'problems')} in ${file.name}`}>
            <Text size="sm" mb="xs">
              An import takes every row or none. Change the columns above, or correct these rows in the file and
              choose it again.
            </Text>
            <RejectedRows rows={problem.rows} fieldHeading="Field" />
          </Alert>
        )}
        {problem && problem.rows.length === 0 && mappingErrors.every(([key]) => !shownAtFields.has(key)) && (
          <Alert color="red" role="alert" title="Nothing was imported">
            {problem.detail || problem.title}
            {mappingErrors.map(([key, message]) => (
              <Text size="sm" key={key}><Code>{key}</Code> {message}</Text>
            ))}
          </Alert>
        )}
      </div>

      <Group justify="flex-end">
        <Button variant="default" onClick={onOtherFile} disabled={importer.isPending}>Choose another file</Button>
        <Button loading={importer.isPending} onClick={submit} leftSection={<IconFileImport size={16} aria-hidden />}>
          Import
        </Button>
      </Group>
      {importer.isPending && (
        <Group gap="xs" role="status"><Loader size="sm" aria-hidden /><Text size="sm">Checking and importing every row…</Text></Group>
      )}
    </Stack>
  );
}

// Step 3: what was imported, with the rows that may repeat a lead held already or an earlier row.
function ReportStep({ fileName, outcome, onNew }: { fileName: string; outcome: LeadImportOutcome; onNew: () => void }) {
  return (
    <Stack gap="sm">
      <Title order={2} size="h4">Step 3 of 3: the report</Title>
      <Alert color="green" title="Imported" role="status">
        {fileName}: {plural(outcome.created, 'lead added', 'leads added')}
        {outcome.duplicates.length > 0 ? `, ${plural(outcome.duplicates.length, 'of them a possible duplicate', 'of them possible duplicates')}` : ''}.
      </Alert>
      {outcome.duplicates.length > 0 && (
        <section aria-labelledby="duplicates-heading">
          <Text fw={600} size="sm" id="duplicates-heading">Possible duplicates, imported all the same</Text>
          <List size="sm" mt={4}>
            {outcome.duplicates.map((duplicate) => (
              <List.Item key={`${duplicate.line}-${duplicate.lead_id ?? duplicate.same_as_line}`} data-testid="duplicate-row">
                Line {duplicate.line}: {duplicate.reason}
                {duplicate.lead_id && (
                  <> — <Anchor component={Link} to={`/leads/${duplicate.lead_id}`}>open that lead</Anchor></>
                )}
              </List.Item>
            ))}
          </List>
        </section>
      )}
      <Group>
        <Button component={Link} to="/leads">See the leads</Button>
        <Button variant="default" onClick={onNew}>Import another file</Button>
      </Group>
    </Stack>
  );
}

// The lead import: the file, its columns with a preview, and the report; all rows or none.
export function LeadImportPage() {
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [outcome, setOutcome] = useState<LeadImportOutcome | null>(null);
  const restart = () => {
    setChosen(null);
    setOutcome(null);
  };

  let step;
  if (!chosen) step = <FileStep onRead={setChosen} />;
  else if (!outcome) step = <MappingStep chosen={chosen} onImported={setOutcome} onOtherFile={restart} />;
  else step = <ReportStep fileName={chosen.file.name} outcome={outcome} onNew={restart} />;

  return (
    <Stack gap="lg" maw={1100}>
      <PageHeader title="Import leads"
        description="Bring leads in from a CSV export of your CRM or a trade-show list. An import takes every row or none."
        actions={<Button variant="default" component={Link} to="/leads">Back to leads</Button>} />
      <Paper withBorder p="md" component="section" aria-label="Import wizard">
        {step}
      </Paper>
    </Stack>
  );
}
