import { Code, List, Paper, Stack, Text, Title } from '@mantine/core';

const SAMPLE = `import { createHmac, timingSafeEqual } from 'node:crypto';

// header: the Strata-Signature header; body: the request body as received, unparsed.
function isFromStrata(header, body, secret) {
  const parts = Object.fromEntries(header.split(',').map((part) => part.split('=')));
  const expected = createHmac('sha256', secret).update(\`\${parts.t}.\${body}\`).digest('hex');
  const fresh = Math.abs(Date.now() / 1000 - Number(parts.t)) < 300;
  return fresh && expected.length === parts.v1?.length &&
    timingSafeEqual(Buffer.from(expected), Buffer.from(parts.v1));
}`;

// How a receiving system checks that a delivery came from Strata, and what Strata expects back.
export function SigningHelp() {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="signing-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="signing-heading">Checking a delivery</Title>
        <Text size="sm">
          Each delivery is a POST of the event as JSON with three headers: <Code>Strata-Event</Code> names its
          kind, <Code>Strata-Delivery</Code> its id (the same on every retry, so a repeat can be skipped), and{' '}
          <Code>Strata-Signature</Code> signs it:
        </Text>
        <Code block>{'Strata-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>'}</Code>
        <List size="sm" spacing={4} type="ordered">
          <List.Item>Keep the body exactly as received, before parsing it.</List.Item>
          <List.Item>
            Compute the HMAC-SHA256 of <Code>t</Code>, a dot and the body with the endpoint’s secret, in hex; it must
            equal <Code>v1</Code>. Compare in constant time.
          </List.Item>
          <List.Item>Refuse a <Code>t</Code> more than five minutes away from now, so a recorded delivery cannot be replayed.</List.Item>
          <List.Item>
            Answer with any 2xx within 10 seconds. Timeouts, 408, 429 and 5xx answers are tried again with a growing
            wait (from 30 seconds up to 6 hours, 8 attempts in all); other answers fail the delivery at once.
          </List.Item>
        </List>
        <Text size="sm">In Node.js:</Text>
        <Code block>{SAMPLE}</Code>
      </Stack>
    </Paper>
  );
}
