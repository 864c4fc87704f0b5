import { Button, Stack, Text, Title } from '@mantine/core';
import { Link, useLocation } from 'react-router';

export function NotFoundPage() {
  const location = useLocation();
  return (
    <Stack align="center" gap="md" py="xl" ta="center">
      <Text fz={64} fw={800} c="dimmed" aria-hidden>
        404
      </Text>
      <Title order={1} size="h2">
        Page not found
      </Title>
      <Text c="dimmed" maw={480}>
        Nothing lives at <code>{location.pathname}</code>. It may have moved, or the link may be
        mistyped.
      </Text>
      <Button component={Link} to="/">
        Back to home
      </Button>
    </Stack>
  );
}
