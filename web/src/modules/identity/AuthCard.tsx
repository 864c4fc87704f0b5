import { Anchor, Center, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

export type AuthCardProps = { title: string; subtitle: ReactNode; children: ReactNode };

// The frame of the sign-in and sign-up screens.
export function AuthCard({ title, subtitle, children }: AuthCardProps) {
  return (
    <Center mih="100vh" p="md" component="main" id="main">
      <Paper withBorder shadow="sm" p="xl" radius="md" w={440} maw="100%">
        <Stack gap="lg">
          <Stack gap={4} align="center">
            <img src="/favicon.svg" alt="" width={40} height={40} />
            <Title order={1} size="h2">
              {title}
            </Title>
            <Text c="dimmed" ta="center">
              {subtitle}
            </Text>
          </Stack>
          {children}
        </Stack>
      </Paper>
    </Center>
  );
}

export { Anchor };
