import {
  Alert,
  Button,
  Checkbox,
  Fieldset,
  Group,
  NativeSelect,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';

import { ApiError, type FieldErrors } from '../../api/client';
import { type DealField, type DealRules, type DealRulesInput, useSaveDealRules } from './api';
import { DEAL_FIELDS, FIELD_LABELS, formatInstant } from './labels';
import { amountText, CURRENCIES, parseAmount } from './money';

type RulesDraft = {
  protectionDays: number | string;
  autoApprove: boolean;
  maxScore: number | string;
  requiredFields: DealField[];
  hasMinimum: boolean;
  minimumAmount: string;
  minimumCurrency: string;
  precheckEnabled: boolean;
  precheckPerHour: number | string;
};

function draftOf(rules: DealRules): RulesDraft {
  return {
    protectionDays: rules.protection_days,
    autoApprove: rules.auto_approve,
    maxScore: Math.round(rules.auto_approve_max_score * 100),
    requiredFields: rules.required_fields,
    hasMinimum: rules.minimum_amount !== null,
    minimumAmount: rules.minimum_amount ? amountText(rules.minimum_amount.minor, rules.minimum_amount.currency) : '',
    minimumCurrency: rules.minimum_amount?.currency ?? 'USD',
    precheckEnabled: rules.precheck_enabled,
    precheckPerHour: rules.precheck_per_hour,
  };
}

const isWhole = (value: number | string, min: number, max: number) =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;

// The body to send, or the messages for what cannot be sent as typed.
function rulesInput(draft: RulesDraft): { input: DealRulesInput; errors: FieldErrors } {
  const errors: FieldErrors = {};
  if (!isWhole(draft.protectionDays, 1, 730)) errors.protection_days = 'From 1 to 730 days';
  if (draft.autoApprove && !isWhole(draft.maxScore, 0, 100)) errors.auto_approve_max_score = 'From 0 to 100 %';
  if (draft.precheckEnabled && !isWhole(draft.precheckPerHour, 1, 1000)) errors.precheck_per_hour = 'From 1 to 1000';
  let minimum: DealRulesInput['minimum_amount'] = null;
  if (draft.hasMinimum) {
    const parsed = parseAmount(draft.minimumAmount, draft.minimumCurrency);
    if (parsed === null) errors.minimum_amount = 'Give the smallest amount you register';
    else if ('error' in parsed) errors.minimum_amount = parsed.error;
    else minimum = { minor: parsed.minor, currency: draft.minimumCurrency };
  }
  return {
    input: {
      protection_days: Number(draft.protectionDays),
      auto_approve: draft.autoApprove,
      ...(isWhole(draft.maxScore, 0, 100) ? { auto_approve_max_score: Number(draft.maxScore) / 100 } : {}),
      required_fields: draft.requiredFields,
      minimum_amount: minimum,
      precheck_enabled: draft.precheckEnabled,
      ...(isWhole(draft.precheckPerHour, 1, 1000) ? { precheck_per_hour: Number(draft.precheckPerHour) } : {}),
    },
    errors,
  };
}

export type DealRulesFormProps = { rules: DealRules; editable: boolean };

// A vendor's deal-registration rules: protection, automatic approval, what a partner must give,
// the smallest deal, and the blind pre-check.
export function DealRulesForm({ rules, editable }: DealRulesFormProps) {
  const [draft, setDraft] = useState<RulesDraft>(() => draftOf(rules));
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const save = useSaveDealRules();
  const problem = save.error instanceof ApiError ? save.error : null;
  const errors = { ...clientErrors, ...(problem?.fieldErrors ?? {}) };
  const minimumError = errors.minimum_amount ?? errors['minimum_amount.minor'];
  const set = <Key extends keyof RulesDraft>(key: Key, value: RulesDraft[Key]) =>
    setDraft((current) => ({ ...current, [key]: value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const { input, errors: found } = rulesInput(draft);
    setClientErrors(found);
    save.reset();
    if (Object.keys(found).length > 0) return;
    save.mutate(input, { onSuccess: (saved) => setDraft(draftOf(saved)) });
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Deal rules">
      <Fieldset variant="unstyled" disabled={!editable} p={0}>
        <Stack gap="lg">
          <Paper withBorder p="md" component="section" aria-labelledby="protection-heading">
            <Title order={2} size="h4" mb="sm" id="protection-heading">Protection and approval</Title>
            <Stack gap="md">
              <NumberInput label="Protection period (days)" description="How long an approved deal stays the partner’s."
                min={1} max={730} allowDecimal={false} value={draft.protectionDays}
                onChange={(value) => set('protectionDays', value)} error={errors.protection_days} w={260} />
              <Switch label="Approve registrations at once when no conflict reaches the threshold"
                checked={draft.autoApprove} onChange={(event) => set('autoApprove', event.currentTarget.checked)} />
              <NumberInput label="Conflict threshold (%)" disabled={!draft.autoApprove}
                description="A registration with a possible conflict scoring this much or more waits for you."
                min={0} max={100} allowDecimal={false} suffix=" %" value={draft.maxScore}
                onChange={(value) => set('maxScore', value)} error={errors.auto_approve_max_score} w={260} />
            </Stack>
          </Paper>

          <Paper withBorder p="md" component="section" aria-labelledby="required-heading">
            <Title order={2} size="h4" mb="sm" id="required-heading">What a registration must give</Title>
            <Checkbox.Group label="Required fields" value={draft.requiredFields}
              description="The customer’s company and the deal’s total always are. Drafts may leave these empty; registering may not."
              onChange={(value) => set('requiredFields', value as DealField[])} error={errors.required_fields}>
              <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} mt="xs" spacing="xs">
                {DEAL_FIELDS.map((field) => (
                  <Checkbox key={field} value={field} label={FIELD_LABELS[field]} />
                ))}
              </SimpleGrid>
            </Checkbox.Group>
            <Stack gap="xs" mt="lg">
              <Switch label="Register only deals of a minimum size" checked={draft.hasMinimum}
                onChange={(event) => set('hasMinimum', event.currentTarget.checked)} />
              {draft.hasMinimum && (
                <Group align="flex-start" gap="sm">
                  <TextInput label="Minimum deal size" inputMode="decimal" placeholder="10000.00" required
                    value={draft.minimumAmount} onChange={(event) => set('minimumAmount', event.currentTarget.value)}
                    error={minimumError} w={220} />
                  <NativeSelect label="Currency" data={CURRENCIES} value={draft.minimumCurrency} w={120}
                    onChange={(event) => set('minimumCurrency', event.currentTarget.value)}
                    error={errors['minimum_amount.currency']} />
                </Group>
              )}
            </Stack>
          </Paper>

          <Paper withBorder p="md" component="section" aria-labelledby="precheck-heading">
            <Title order={2} size="h4" mb="sm" id="precheck-heading">Blind pre-check</Title>
            <Text size="sm" c="dimmed" mb="sm">
              Partners may ask whether a customer is already protected, before they register. They learn yes or no,
              never who; each question is in both audit trails.
            </Text>
            <Stack gap="md">
              <Switch label="Let partners ask" checked={draft.precheckEnabled}
                onChange={(event) => set('precheckEnabled', event.currentTarget.checked)} />
              <NumberInput label="Questions per partner per hour" disabled={!draft.precheckEnabled} min={1} max={1000}
                allowDecimal={false} value={draft.precheckPerHour} onChange={(value) => set('precheckPerHour', value)}
                error={errors.precheck_per_hour} w={260} />
            </Stack>
          </Paper>

          {problem && Object.keys(problem.fieldErrors).length === 0 && (
            <Alert color="red" title={problem.status === 403 ? 'Owners and admins change the rules' : problem.title}
              role="alert">
              {problem.detail}
            </Alert>
          )}
          {save.isSuccess && (
            <Alert color="green" title="Rules saved" role="status">
              New registrations follow these rules from now on.
            </Alert>
          )}
          {editable && (
            <Group justify="space-between">
              <Text size="sm" c="dimmed">
                {rules.updated_at ? `Last changed ${formatInstant(rules.updated_at)} UTC` : 'These are the defaults.'}
              </Text>
              <Button type="submit" loading={save.isPending}>Save rules</Button>
            </Group>
          )}
        </Stack>
      </Fieldset>
    </form>
  );
}
