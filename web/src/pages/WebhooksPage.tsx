import { Alert, Button, Group, Loader, Modal, Paper, Stack, Text, Title } from '@mantine/core';
import { IconWebhook } from '@tabler/icons-react';
import { useState } from 'react';

import { ApiError } from '../api/client';
import { isAdmin, useMe } from '../modules/identity/api';
import {
  type WebhookEndpoint,
  useCreateWebhook,
  useDeleteWebhook,
  usePingWebhook,
  useRevealWebhookSecret,
  useRotateWebhookSecret,
  useUpdateWebhook,
  useWebhooks,
} from '../modules/integrations/api';
import { DeliveryLog } from '../modules/integrations/DeliveryLog';
import { EndpointForm } from '../modules/integrations/EndpointForm';
import { endpointName, EndpointsTable } from '../modules/integrations/EndpointsTable';
import { SecretValue } from '../modules/integrations/SecretValue';
import { SigningHelp } from '../modules/integrations/SigningHelp';
import { EmptyState } from '../modules/ui/EmptyState';
import { PageHeader } from '../modules/ui/PageHeader';

// Modals' close buttons need a name of their own.
const CLOSE = { 'aria-label': 'Close' };

// A secret on screen: just made, just rotated, or asked for.
type ShownSecret = { endpoint: WebhookEndpoint; secret: string; reason: 'rotated' | 'revealed' };

// The organisation's outbound webhooks: its CRM and other systems hear of every lead change.
export function WebhooksPage() {
  const me = useMe();
  const webhooks = useWebhooks();
  const editable = isAdmin(me.data?.role);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [editing, setEditing] = useState<WebhookEndpoint | null>(null);
  const [deleting, setDeleting] = useState<WebhookEndpoint | null>(null);
  const [rotating, setRotating] = useState<WebhookEndpoint | null>(null);
  const [shown, setShown] = useState<ShownSecret | null>(null);
  const update = useUpdateWebhook();
  const remove = useDeleteWebhook();
  const rotate = useRotateWebhookSecret();
  const reveal = useRevealWebhookSecret();
  const ping = usePingWebhook();
  const forbidden = webhooks.error instanceof ApiError && webhooks.error.status === 403;
  const endpoints = webhooks.data ?? [];
  const selected = endpoints.find((endpoint) => endpoint.id === selectedId) ?? null;
  const failed = [ping, update, remove, reveal].find((mutation) => mutation.error)?.error ?? null;

  let body;
  if (webhooks.isPending) {
    body = <Loader size="sm" aria-label="Loading the endpoints" />;
  } else if (forbidden) {
    body = (
      <Alert color="yellow" title="Webhooks are not open to your access">
        {webhooks.error?.message} Ask an owner or admin of {me.data?.org.name ?? 'your organisation'}.
      </Alert>
    );
  } else if (webhooks.error) {
    body = <Alert color="red" title="Cannot load the endpoints">{webhooks.error.message}</Alert>;
  } else if (endpoints.length === 0) {
    body = (
      <EmptyState icon={<IconWebhook size={24} />} title="No webhook endpoints yet">
        A webhook sends every lead change (added, offered to you, changed, taken back) to your CRM or any other
        system as it happens. Each delivery is signed with HMAC-SHA256 so the receiver can tell it came from Strata,
        and tried again with a growing wait when the receiver is down.
        {editable ? ' Add an endpoint above to start.' : ' Owners and admins add endpoints.'}
      </EmptyState>
    );
  } else {
    body = (
      <Stack gap="sm">
        {failed && (
          <Alert color="red" title="That did not work" withCloseButton
            onClose={() => [ping, update, remove, reveal].forEach((mutation) => mutation.reset())}>
            {failed.message}
          </Alert>
        )}
        <EndpointsTable endpoints={endpoints} selectedId={selected?.id ?? null} editable={editable}
          pinging={ping.isPending ? (ping.variables ?? null) : null}
          actions={{
            onShowDeliveries: (endpoint) => setSelectedId(endpoint.id),
            onPing: (endpoint) => ping.mutate(endpoint.id, { onSuccess: () => setSelectedId(endpoint.id) }),
            onToggle: (endpoint, active) => update.mutate({ id: endpoint.id, changes: { active } }),
            onEdit: (endpoint) => {
              update.reset();
              setEditing(endpoint);
            },
            onReveal: (endpoint) =>
              reveal.mutate(endpoint.id, {
                onSuccess: (shownEndpoint) => {
                  if (shownEndpoint.secret) setShown({ endpoint: shownEndpoint, secret: shownEndpoint.secret, reason: 'revealed' });
                },
              }),
            onRotate: (endpoint) => {
              rotate.reset();
              setRotating(endpoint);
            },
            onDelete: (endpoint) => {
              remove.reset();
              setDeleting(endpoint);
            },
          }} />
      </Stack>
    );
  }

  return (
    <Stack gap="xl">
      <PageHeader title="Webhooks"
        description={editable
          ? 'Send every lead change to your CRM and other systems, signed, as it happens.'
          : 'Where Strata sends every lead change, and how each delivery went. Owners and admins change these.'} />

      {editable && !forbidden && (
        <Paper withBorder p="md">
          <Title order={2} size="h4" mb="sm">Add an endpoint</Title>
          <CreateEndpoint onCreated={(endpoint) => setSelectedId(endpoint.id)} />
        </Paper>
      )}

      <section aria-labelledby="endpoints-heading">
        <Title order={2} size="h4" mb="sm" id="endpoints-heading">Endpoints</Title>
        {body}
      </section>

      {selected && <DeliveryLog key={selected.id} endpoint={selected} />}

      {!forbidden && <SigningHelp />}

      <Modal closeButtonProps={CLOSE} opened={editing !== null} onClose={() => setEditing(null)} size="lg"
        title={`Change ${editing ? endpointName(editing) : 'endpoint'}`}>
        {editing && (
          <EndpointForm endpoint={editing} submitLabel="Save" pending={update.isPending} error={update.error}
            onCancel={() => setEditing(null)}
            onSubmit={(changes) => update.mutate({ id: editing.id, changes }, { onSuccess: () => setEditing(null) })} />
        )}
      </Modal>

      <Modal closeButtonProps={CLOSE} opened={deleting !== null} onClose={() => setDeleting(null)}
        title={`Delete ${deleting ? endpointName(deleting) : 'endpoint'}?`}>
        <Stack>
          <Text>Strata stops sending to it at once, and its delivery log goes with it.</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDeleting(null)}>Keep it</Button>
            <Button color="red" loading={remove.isPending}
              onClick={() => deleting && remove.mutate(deleting.id, {
                onSuccess: () => {
                  if (deleting.id === selectedId) setSelectedId(null);
                },
                onSettled: () => setDeleting(null),
              })}>
              Delete
            </Button>
          </Group>
        </Stack>
      </Modal>

      <Modal closeButtonProps={CLOSE} opened={rotating !== null} onClose={() => setRotating(null)}
        title={`Rotate the secret of ${rotating ? endpointName(rotating) : 'endpoint'}?`}>
        <Stack>
          <Text>
            The current secret stops signing at once: deliveries from now on carry a signature the receiver can check
            only with the new one. Put the new secret into the receiving system straight away.
          </Text>
          {rotate.error && <Alert color="red" title="Cannot rotate">{rotate.error.message}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRotating(null)}>Keep the current secret</Button>
            <Button color="red" loading={rotate.isPending}
              onClick={() => rotating && rotate.mutate(rotating.id, {
                onSuccess: (rotated) => {
                  setRotating(null);
                  if (rotated.secret) setShown({ endpoint: rotated, secret: rotated.secret, reason: 'rotated' });
                },
              })}>
              Rotate
            </Button>
          </Group>
        </Stack>
      </Modal>

      <Modal closeButtonProps={CLOSE} opened={shown !== null} onClose={() => setShown(null)} size="lg"
        title={shown?.reason === 'rotated' ? 'The new signing secret' : 'Signing secret'}>
        {shown && (
          <Stack>
            <Text size="sm">
              {endpointName(shown.endpoint)} signs its deliveries with this secret (version {shown.endpoint.secret_version}).
              Keep it in the receiving system only.
            </Text>
            <SecretValue secret={shown.secret} />
            <Group justify="flex-end">
              <Button onClick={() => setShown(null)}>Done</Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}

// The form for a new endpoint, and its signing secret once it is made.
function CreateEndpoint({ onCreated }: { onCreated: (endpoint: WebhookEndpoint) => void }) {
  const create = useCreateWebhook();
  // A new form after each creation, so the fields start empty again.
  const [round, setRound] = useState(0);
  const created = create.data;

  return (
    <Stack>
      <EndpointForm key={round} endpoint={null} submitLabel="Add endpoint" pending={create.isPending} error={create.error}
        onSubmit={(input) => create.mutate(input, {
          onSuccess: (endpoint) => {
            setRound((n) => n + 1);
            onCreated(endpoint);
          },
        })} />
      {created?.secret && (
        <Alert color="green" title="Copy the signing secret now" role="status" withCloseButton
          closeButtonLabel="Hide the secret" onClose={() => create.reset()}>
          <Stack gap="xs">
            <Text size="sm">
              {endpointName(created)} is added. Give this secret to the receiving system so it can check each
              delivery’s signature. Owners and admins can reveal it again from the endpoint’s actions, and rotate it
              there if it may have leaked.
            </Text>
            <SecretValue secret={created.secret} />
          </Stack>
        </Alert>
      )}
    </Stack>
  );
}
