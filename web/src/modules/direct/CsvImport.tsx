import { Alert, Button, Code, FileButton, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconFileImport } from '@tabler/icons-react';

import { ApiError } from '../../api/client';
import { RejectedRows } from '../ui/RejectedRows';
import { useImportOpportunities } from './api';

const COLUMNS = ['company', 'website', 'country', 'region', 'amount', 'currency', 'expected_close', 'owner',
  'external_id', 'status', 'notes'];

// Imports the pipeline from a CSV export of the vendor's CRM: all rows or none.
export function CsvImport() {
  const importer = useImportOpportunities();
  const problem = importer.error instanceof ApiError ? importer.error : null;
  const fileName = importer.variables?.name;

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="import-heading">
      <Title order={2} size="h4" id="import-heading">Import from CSV</Title>
      <Stack gap="sm" mt="xs">
        <Text size="sm">
          The first row names the columns, in any order; only <Code>company</Code> is required. Every column:
        </Text>
        <Code block>{COLUMNS.join(',')}</Code>
        <Text size="sm" c="dimmed">
          <Code>amount</Code> is a decimal such as 12500.50 in <Code>currency</Code> (EUR, USD…),{' '}
          <Code>expected_close</Code> a date (2025-06-30), <Code>status</Code> open, won or lost. A row whose{' '}
          <Code>external_id</Code> is already here updates that opportunity. When any row is wrong, nothing is
          imported and every wrong row is listed.
        </Text>
        <Group>
          <FileButton accept=".csv,text/csv" onChange={(file) => file && importer.mutate(file)}>
            {(props) => (
              <Button {...props} variant="default" loading={importer.isPending}
                leftSection={<IconFileImport size={16} aria-hidden />}>
                Choose a CSV file to import
              </Button>
            )}
          </FileButton>
        </Group>
        <div role="status">
          {importer.isSuccess && (
            <Alert color="green" title="Imported">
              {fileName ? `${fileName}: ` : ''}
              {importer.data.created} created, {importer.data.updated} updated.
            </Alert>
          )}
        </div>
        {problem && (
          <Alert color="red" title={problem.rows.length > 0
            ? `Nothing was imported: ${problem.rows.length} ${problem.rows.length === 1 ? 'problem' : 'problems'} in ${fileName ?? 'the file'}`
            : 'Nothing was imported'} role="alert">
            {problem.rows.length === 0 && (
              <>
                {problem.detail || problem.title}
                {Object.entries(problem.fieldErrors).map(([field, message]) => (
                  <Text size="sm" key={field}>
                    <Code>{field}</Code> {message}
                  </Text>
                ))}
              </>
            )}
            {problem.rows.length > 0 && (
              <>
                <Text size="sm" mb="xs">Correct these rows and import the file again.</Text>
                <RejectedRows rows={problem.rows} />
              </>
            )}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
