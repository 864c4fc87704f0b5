import { FileInput, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { IconFileImport } from '@tabler/icons-react';
import type { ReactNode } from 'react';

export type CsvFileStepProps = {
  // What the file must hold, under the step's heading.
  children: ReactNode;
  reading: boolean;
  error?: string;
  onFile: (file: File) => void;
};

// An import's first step: the CSV file, read as soon as it is chosen.
export function CsvFileStep({ children, reading, error, onFile }: CsvFileStepProps) {
  return (
    <Stack gap="sm">
      <Title order={2} size="h4">Step 1 of 3: choose a CSV file</Title>
      <Text size="sm" c="dimmed">{children}</Text>
      <FileInput label="CSV file" placeholder="Choose a file" accept=".csv,text/csv,text/plain" clearable
        leftSection={<IconFileImport size={16} aria-hidden />} w={{ base: '100%', sm: 420 }}
        error={error} disabled={reading} onChange={(file) => file && onFile(file)} />
      {reading && (
        <Group gap="xs" role="status"><Loader size="sm" aria-hidden /><Text size="sm">Reading the file…</Text></Group>
      )}
    </Stack>
  );
}
