import {
  Alert,
  Anchor,
  Button,
  Group,
  List,
  NativeSelect,
  Paper,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { type FormEvent, useEffect, useRef, useState } from 'react';

import { ApiError, type FieldErrors } from '../../api/client';
import type { VendorEntry } from '../network/api';
import { type Deal, type DealField, useCreateDeal, useSubmitDeal, useUpdateDeal, useVendorDealRules } from './api';
import { type DealDraft, dealBody, draftFromDeal, emptyDraft, linesTotal, registrationErrors } from './form';
import { countryName, DEFAULT_SHARED_FIELDS, FIELD_LABELS } from './labels';
import { LinesEditor } from './LinesEditor';
import { amountText, CURRENCIES, formatMoney, parseAmount } from './money';
import { PrecheckButton } from './PrecheckButton';
import { SharedFieldsReview } from './SharedFieldsReview';

export type DealFormProps = {
  vendors: VendorEntry[];
  partnerName: string;
  // The deal being edited: a draft, or a registration the reviewer asked more about.
  deal?: Deal;
  onSaved: (deal: Deal) => void;
};

// The fields the form shows, so that a message about any other field is not lost.
const FORM_FIELDS = new Set([
  'vendor_id', 'via_distributor_id', 'customer.company', 'customer.website', 'customer.country', 'customer.region',
  'customer.address', 'contact.name', 'contact.email', 'contact.phone', 'amount', 'amount.minor',
  'amount.currency', 'expected_close', 'lines', 'shared_notes', 'private_notes',
]);

const routeValue = (distributorId: string | null) => distributorId ?? 'direct';

// Registers a deal with a vendor, or saves it as a private draft; shows what registering shares first.
export function DealForm({ vendors, partnerName, deal, onSaved }: DealFormProps) {
  const [draft, setDraft] = useState<DealDraft>(() =>
    deal ? draftFromDeal(deal) : { ...emptyDraft(), vendorId: vendors.length === 1 ? vendors[0].vendor.id : '' },
  );
  const [step, setStep] = useState<'form' | 'review'>('form');
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<ApiError | null>(null);
  const reviewHeading = useRef<HTMLHeadingElement>(null);
  const formTop = useRef<HTMLDivElement>(null);
  const create = useCreateDeal();
  const update = useUpdateDeal();
  const submit = useSubmitDeal();
  const busy = create.isPending || update.isPending || submit.isPending;

  const isDraft = !deal || deal.status === 'draft';
  const entry = vendors.find((v) => v.vendor.id === draft.vendorId);
  // Only a draft may change its vendor or route; a registration keeps the ones it was made with.
  const vendorName = entry?.vendor.name ?? deal?.vendor.name ?? '';
  const distributorName = draft.viaDistributorId
    ? (entry?.routes.find((r) => r.distributor?.id === draft.viaDistributorId)?.distributor?.name ??
      deal?.distributor?.name ??
      null)
    : null;
  const rules = useVendorDealRules(draft.vendorId || null);
  const required = (field: DealField) => rules.data?.required_fields.includes(field) ?? false;
  const errors: FieldErrors = { ...clientErrors, ...(problem?.fieldErrors ?? {}) };
  const otherErrors = Object.entries(problem?.fieldErrors ?? {}).filter(
    ([field]) => !FORM_FIELDS.has(field) && !/^lines\[\d+\]/.test(field),
  );

  // A new deal takes the currency of the vendor's minimum, until the person picks one.
  const minimumCurrency = rules.data?.minimum_amount?.currency;
  const [currencyTouched, setCurrencyTouched] = useState(Boolean(deal));
  useEffect(() => {
    if (minimumCurrency && !currencyTouched) setDraft((current) => ({ ...current, currency: minimumCurrency }));
  }, [minimumCurrency, currencyTouched]);

  useEffect(() => {
    if (step === 'review') reviewHeading.current?.focus();
  }, [step]);

  const set = <Key extends keyof DealDraft>(key: Key, value: DealDraft[Key]) =>
    setDraft((current) => ({ ...current, [key]: value }));
  const text = (key: keyof DealDraft) => (event: { currentTarget: { value: string } }) =>
    set(key, event.currentTarget.value as never);

  const chooseVendor = (vendorId: string) => {
    const chosen = vendors.find((v) => v.vendor.id === vendorId);
    const direct = chosen?.routes.some((r) => r.type === 'direct');
    const firstDistributor = chosen?.routes.find((r) => r.type === 'distributor')?.distributor?.id ?? null;
    setDraft((current) => ({ ...current, vendorId, viaDistributorId: direct ? null : firstDistributor }));
  };

  // Takes the keyboard to the first field with a message, once the messages are on screen.
  const focusFirstError = () =>
    requestAnimationFrame(() => formTop.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());

  const fail = (error: unknown) => {
    setProblem(error instanceof ApiError ? error : new ApiError(0, { title: 'The deal was not saved' }));
    setStep('form');
    requestAnimationFrame(() => {
      formTop.current?.scrollIntoView?.({ block: 'start' });
      focusFirstError();
    });
  };

  // Checks what the form can check; with `forRegistration`, the vendor's rules as well.
  const validate = (forRegistration: boolean) => {
    const { body, errors: found } = dealBody(draft);
    if (!draft.vendorId) found.vendor_id = 'Choose the vendor';
    const all = forRegistration ? { ...registrationErrors(draft, rules.data), ...found } : found;
    setClientErrors(all);
    setProblem(null);
    if (Object.keys(all).length > 0) {
      focusFirstError();
      return null;
    }
    return body;
  };

  // The changes for an existing deal; the vendor and route only while it is a draft.
  const changesFrom = (body: ReturnType<typeof dealBody>['body']) => {
    const { vendor_id, via_distributor_id, ...rest } = body;
    return { ...rest, ...(isDraft ? { vendor_id, via_distributor_id } : {}) };
  };

  const save = () => {
    const body = validate(false);
    if (!body) return;
    if (deal) update.mutate({ id: deal.id, changes: changesFrom(body) }, { onSuccess: (saved) => saved && onSaved(saved), onError: fail });
    else create.mutate({ ...body, submit: false }, { onSuccess: (saved) => saved && onSaved(saved), onError: fail });
  };

  const review = (event: FormEvent) => {
    event.preventDefault();
    if (validate(true)) setStep('review');
  };

  const register = () => {
    const body = validate(true);
    if (!body) {
      setStep('form');
      return;
    }
    if (!deal) {
      create.mutate({ ...body, submit: true }, { onSuccess: (saved) => saved && onSaved(saved), onError: fail });
      return;
    }
    update.mutate(
      { id: deal.id, changes: changesFrom(body) },
      {
        onSuccess: () => submit.mutate(deal.id, { onSuccess: (saved) => saved && onSaved(saved), onError: fail }),
        onError: fail,
      },
    );
  };

  const sum = linesTotal(draft);
  const parsedAmount = parseAmount(draft.amount, draft.currency);
  const typedAmount = parsedAmount && 'minor' in parsedAmount ? parsedAmount : null;
  const registerWord = deal?.status === 'info_requested' ? 'Resubmit' : 'Register';

  if (step === 'review') {
    const { body } = dealBody(draft);
    return (
      <Paper withBorder p="lg" component="section" aria-labelledby="review-heading">
        <Stack>
          <Title order={2} size="h3" id="review-heading" ref={reviewHeading} tabIndex={-1}>
            Review before you {registerWord.toLowerCase()}
          </Title>
          <SharedFieldsReview
            sharedFields={deal?.shared_fields ?? DEFAULT_SHARED_FIELDS}
            values={body}
            vendorName={vendorName}
            distributorName={distributorName}
            partnerName={partnerName}
            hasPrivateNotes={draft.privateNotes.trim() !== ''}
          />
          {rules.data && (
            <Text size="sm" c="dimmed">
              Once approved, {vendorName} protects this deal for {rules.data.protection_days} days.
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setStep('form')} disabled={busy}>
              Back to the form
            </Button>
            <Button onClick={register} loading={busy}>
              {registerWord}
            </Button>
          </Group>
        </Stack>
      </Paper>
    );
  }

  const vendorLocked = !isDraft;
  return (
    <form onSubmit={review} noValidate aria-label={deal ? 'Edit the deal' : 'Register a deal'}>
      <Stack gap="lg" ref={formTop}>
        {problem && (
          <Alert color="red" title={problem.status === 400 ? 'Some fields need attention' : problem.title} role="alert">
            {problem.status === 400 ? 'The deal was not saved. The messages are next to the fields.' : problem.detail}
            {otherErrors.length > 0 && (
              <List size="sm" mt="xs">
                {otherErrors.map(([field, message]) => (
                  <List.Item key={field}>
                    {field}: {message}
                  </List.Item>
                ))}
              </List>
            )}
          </Alert>
        )}

        <Paper withBorder p="md" component="section" aria-labelledby="vendor-heading">
          <Title order={2} size="h4" mb="sm" id="vendor-heading">Vendor</Title>
          <Stack gap="sm">
            <NativeSelect
              label="Vendor"
              required
              disabled={vendorLocked}
              value={draft.vendorId}
              onChange={(event) => chooseVendor(event.currentTarget.value)}
              data={[{ value: '', label: 'Choose a vendor', disabled: true }, ...vendors.map((v) => ({ value: v.vendor.id, label: v.vendor.name }))]}
              error={errors.vendor_id}
              maw={420}
            />
            {entry && entry.routes.length > 0 && (
              <Radio.Group
                label="Route"
                description="Direct with the vendor, or through a distributor that reviews the deal first."
                value={routeValue(draft.viaDistributorId)}
                onChange={(value) => set('viaDistributorId', value === 'direct' ? null : value)}
                error={errors.via_distributor_id}
              >
                <Group mt="xs">
                  {entry.routes.map((route) => (
                    <Radio
                      key={route.relationship_id}
                      value={routeValue(route.type === 'direct' ? null : (route.distributor?.id ?? null))}
                      label={route.type === 'direct' ? `Direct with ${entry.vendor.name}` : `Through ${route.distributor?.name}`}
                      disabled={vendorLocked}
                    />
                  ))}
                </Group>
              </Radio.Group>
            )}
            {rules.data && (
              <Alert color="strata" variant="light" icon={<IconInfoCircle size={18} aria-hidden />}
                title={`What ${vendorName} asks`} data-testid="vendor-rules">
                Approved deals are protected for {rules.data.protection_days} days.{' '}
                {rules.data.minimum_amount
                  ? `Deals of ${formatMoney(rules.data.minimum_amount)} or more. `
                  : 'No minimum deal size. '}
                {rules.data.required_fields.length > 0
                  ? `Required besides the company and the total: ${rules.data.required_fields.map((f) => FIELD_LABELS[f].toLowerCase()).join(', ')}.`
                  : 'Only the customer’s company and the total are required.'}
              </Alert>
            )}
            {rules.error && (
              <Alert color="yellow" title={`Cannot load what ${vendorName || 'the vendor'} asks`}>
                {rules.error.message}
              </Alert>
            )}
          </Stack>
        </Paper>

        <Paper withBorder p="md" component="section" aria-labelledby="customer-heading">
          <Title order={2} size="h4" mb="sm" id="customer-heading">Customer</Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Company" required value={draft.company} onChange={text('company')}
              error={errors['customer.company']} autoComplete="off" />
            <TextInput label="Website" placeholder="example.com" required={required('customer.website')}
              value={draft.website} onChange={text('website')} error={errors['customer.website']} />
            <TextInput label="Country" description={
              /^[A-Za-z]{2}$/.test(draft.country) ? countryName(draft.country) : 'Two letters, such as DE or US'
            } required={required('customer.country')} maxLength={2} value={draft.country}
              onChange={(e) => set('country', e.currentTarget.value.toUpperCase())} error={errors['customer.country']} />
            <TextInput label="Region" required={required('customer.region')} value={draft.region}
              onChange={text('region')} error={errors['customer.region']} />
          </SimpleGrid>
          <Textarea mt="sm" label="Address" autosize minRows={2} required={required('customer.address')}
            value={draft.address} onChange={text('address')} error={errors['customer.address']} />
          {rules.data?.precheck_enabled && (
            <Stack mt="md" gap={4}>
              <Text size="sm" c="dimmed">
                {vendorName} answers a blind check: yes or no, never which partner.
              </Text>
              <PrecheckButton vendorId={draft.vendorId} vendorName={vendorName}
                customer={{ company: draft.company, website: draft.website, country: draft.country }} />
            </Stack>
          )}
        </Paper>

        <Paper withBorder p="md" component="section" aria-labelledby="contact-heading">
          <Title order={2} size="h4" mb="sm" id="contact-heading">Customer contact</Title>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput label="Contact name" required={required('contact.name')} value={draft.contactName}
              onChange={text('contactName')} error={errors['contact.name']} autoComplete="off" />
            <TextInput label="Contact email" type="email" required={required('contact.email')}
              value={draft.contactEmail} onChange={text('contactEmail')} error={errors['contact.email']} autoComplete="off" />
            <TextInput label="Contact phone" type="tel" required={required('contact.phone')} value={draft.contactPhone}
              onChange={text('contactPhone')} error={errors['contact.phone']} autoComplete="off" />
          </SimpleGrid>
        </Paper>

        <Paper withBorder p="md" component="section" aria-labelledby="deal-heading">
          <Title order={2} size="h4" mb="sm" id="deal-heading">The deal</Title>
          <Stack gap="md">
            <LinesEditor lines={draft.lines} currency={draft.currency} errors={errors} required={required('lines')}
              onChange={(lines) => set('lines', lines)} />
            <Group align="flex-start" gap="sm">
              <TextInput label="Total amount" inputMode="decimal" placeholder="12500.00" required
                value={draft.amount} onChange={text('amount')} error={errors.amount ?? errors['amount.minor']} w={220}
                description={sum !== null ? `The lines add up to ${formatMoney({ minor: sum, currency: draft.currency })}` : undefined} />
              <NativeSelect label="Currency" value={draft.currency} data={CURRENCIES} w={120}
                error={errors['amount.currency']}
                onChange={(event) => {
                  setCurrencyTouched(true);
                  set('currency', event.currentTarget.value);
                }} />
              <TextInput label="Expected close" type="date" required={required('expected_close')}
                value={draft.expectedClose} onChange={text('expectedClose')} error={errors.expected_close} w={200} />
            </Group>
            {sum !== null && sum > 0 && typedAmount?.minor !== sum && (
              <Anchor component="button" type="button" size="sm" style={{ alignSelf: 'flex-start' }}
                onClick={() => set('amount', amountText(sum, draft.currency))}>
                Use the lines’ total as the amount
              </Anchor>
            )}
          </Stack>
        </Paper>

        <Paper withBorder p="md" component="section" aria-labelledby="notes-heading">
          <Title order={2} size="h4" mb="sm" id="notes-heading">Notes</Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Textarea label="Notes for the vendor" autosize minRows={3} required={required('shared_notes')}
              description={distributorName ? `${vendorName} and ${distributorName} see these.` : `${vendorName || 'The vendor'} sees these.`}
              value={draft.sharedNotes} onChange={text('sharedNotes')} error={errors.shared_notes} />
            <Textarea label="Private notes" autosize minRows={3}
              description={`Only ${partnerName} sees these; they are never shared.`}
              value={draft.privateNotes} onChange={text('privateNotes')} error={errors.private_notes} />
          </SimpleGrid>
        </Paper>

        <Group justify="flex-end">
          <Button variant="default" onClick={save} loading={create.isPending || update.isPending}>
            {isDraft ? 'Save draft' : 'Save changes'}
          </Button>
          <Button type="submit" disabled={busy}>
            Review and {registerWord.toLowerCase()}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
