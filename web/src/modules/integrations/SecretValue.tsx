import { Button, Code, CopyButton, Group } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';

export type SecretValueProps = { secret: string };

// A signing secret in full, with a button that copies it.
export function SecretValue({ secret }: SecretValueProps) {
  return (
    <Group gap="xs" wrap="nowrap" align="center">
      <Code data-testid="webhook-secret" style={{ wordBreak: 'break-all' }}>{secret}</Code>
      <CopyButton value={secret}>
        {({ copied, copy }) => (
          <Button size="xs" variant="default" onClick={copy} aria-label={copied ? 'Secret copied' : 'Copy the secret'}
            leftSection={copied ? <IconCheck size={14} aria-hidden /> : <IconCopy size={14} aria-hidden />}>
            {copied ? 'Copied' : 'Copy'}
          </Button>
        )}
      </CopyButton>
    </Group>
  );
}
