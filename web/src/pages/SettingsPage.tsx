import {
  Alert,
  Button,
  ColorInput,
  FileButton,
  Group,
  Image,
  Loader,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';

import { ApiError } from '../api/client';
import { isAdmin, useMe } from '../modules/identity/api';
import { type Brand, useOrgSettings, useRemoveLogo, useSaveSettings, useUploadLogo } from '../modules/settings/api';
import { PageHeader } from '../modules/ui/PageHeader';

const EMPTY_BRAND: Brand = {
  primary_colour: '',
  accent_colour: '',
  sender_name: '',
  sender_email: '',
  website: '',
  postal_address: '',
  signature: '',
};

export function SettingsPage() {
  const me = useMe();
  const settings = useOrgSettings();
  const save = useSaveSettings();
  const upload = useUploadLogo();
  const removeLogo = useRemoveLogo();
  const [name, setName] = useState('');
  const [brand, setBrand] = useState<Brand>(EMPTY_BRAND);
  const [logoVersion, setLogoVersion] = useState(0);

  useEffect(() => {
    if (settings.data) {
      setName(settings.data.name);
      setBrand(settings.data.brand);
    }
  }, [settings.data]);

  if (settings.isPending) return <Loader aria-label="Loading the settings" />;
  if (settings.error) {
    return <Alert color="red" title="Cannot load the settings">{settings.error.message}</Alert>;
  }
  const editable = isAdmin(me.data?.role);
  const error = save.error instanceof ApiError ? save.error : null;
  const fields = error?.fieldErrors ?? {};
  const logoError = upload.error instanceof ApiError ? upload.error : null;
  const set = (key: keyof Brand) => (value: string) => setBrand((current) => ({ ...current, [key]: value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ name, brand });
  };

  return (
    <Stack gap="xl">
      <PageHeader title="Organisation settings"
        description={editable ? 'How your organisation appears to its partners and in its mail.' : 'Owners and admins change these.'} />

      <Paper withBorder p="md" component="section" aria-labelledby="logo-heading">
        <Title order={2} size="h4" mb="sm" id="logo-heading">Logo</Title>
        <Group align="center">
          {settings.data.logo_url ? (
            <Image src={`${settings.data.logo_url}?v=${logoVersion}`} alt={`Logo of ${settings.data.name}`}
              w={96} h={96} fit="contain" radius="md" />
          ) : (
            <Text c="dimmed" size="sm">No logo yet.</Text>
          )}
          {editable && (
            <Stack gap={4}>
              <Group gap="xs">
                <FileButton accept="image/png,image/jpeg,image/webp"
                  onChange={(file) => file && upload.mutate(file, { onSuccess: () => setLogoVersion((v) => v + 1) })}>
                  {(props) => (
                    <Button {...props} variant="default" loading={upload.isPending}>
                      {settings.data.logo_url ? 'Replace the logo' : 'Upload a logo'}
                    </Button>
                  )}
                </FileButton>
                {settings.data.logo_url && (
                  <Button variant="subtle" color="red" loading={removeLogo.isPending} onClick={() => removeLogo.mutate()}>
                    Remove
                  </Button>
                )}
              </Group>
              <Text size="xs" c="dimmed">PNG, JPEG or WebP, at most 512 KB. Square works best.</Text>
              {logoError && (
                <Text size="sm" c="red" role="alert">
                  {logoError.fieldErrors.logo ? `The logo ${logoError.fieldErrors.logo}.` : logoError.detail || logoError.title}
                </Text>
              )}
            </Stack>
          )}
        </Group>
      </Paper>

      <form onSubmit={submit} noValidate aria-label="Organisation and brand">
        <Stack gap="lg">
          <Paper withBorder p="md" component="section" aria-labelledby="org-heading">
            <Title order={2} size="h4" mb="sm" id="org-heading">Organisation</Title>
            <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)}
              error={fields.name} readOnly={!editable} maw={480} />
            <Text size="sm" c="dimmed" mt="xs">
              Works in the channel as: {settings.data.kinds.join(', ')}
            </Text>
          </Paper>

          <Paper withBorder p="md" component="section" aria-labelledby="brand-heading">
            <Title order={2} size="h4" mb="sm" id="brand-heading">Brand</Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <ColorInput label="Main colour" format="hex" value={brand.primary_colour}
                onChange={set('primary_colour')} error={fields['brand.primary_colour']} readOnly={!editable} />
              <ColorInput label="Accent colour" format="hex" value={brand.accent_colour}
                onChange={set('accent_colour')} error={fields['brand.accent_colour']} readOnly={!editable} />
              <TextInput label="Sender name" description="Who your mail comes from."
                value={brand.sender_name} onChange={(e) => set('sender_name')(e.currentTarget.value)}
                error={fields['brand.sender_name']} readOnly={!editable} />
              <TextInput label="Sender address" type="email" value={brand.sender_email}
                onChange={(e) => set('sender_email')(e.currentTarget.value)}
                error={fields['brand.sender_email']} readOnly={!editable} />
              <TextInput label="Website" placeholder="https://" value={brand.website}
                onChange={(e) => set('website')(e.currentTarget.value)}
                error={fields['brand.website']} readOnly={!editable} />
              <Textarea label="Postal address" description="Marketing mail must carry one." autosize minRows={3}
                value={brand.postal_address} onChange={(e) => set('postal_address')(e.currentTarget.value)}
                error={fields['brand.postal_address']} readOnly={!editable} />
            </SimpleGrid>
            <Textarea mt="sm" label="Signature" autosize minRows={3} value={brand.signature}
              onChange={(e) => set('signature')(e.currentTarget.value)}
              error={fields['brand.signature']} readOnly={!editable} />
          </Paper>

          {error && Object.keys(fields).length === 0 && (
            <Alert color="red" title={error.title}>{error.detail}</Alert>
          )}
          {save.isSuccess && (
            <Alert color="green" title="Saved" role="status">Your partners see the new settings now.</Alert>
          )}
          {editable && (
            <Group>
              <Button type="submit" loading={save.isPending}>Save settings</Button>
            </Group>
          )}
        </Stack>
      </form>
    </Stack>
  );
}
