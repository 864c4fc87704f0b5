import { Alert, Button, Stack } from '@mantine/core';
import { IconShieldCheck, IconShieldExclamation } from '@tabler/icons-react';

import { ApiError } from '../../api/client';
import { usePrecheck } from './api';

export type PrecheckButtonProps = {
  vendorId: string;
  vendorName: string;
  customer: { company: string; website: string; country: string };
};

function waitText(seconds: number | null): string {
  if (!seconds) return 'Try again later.';
  const minutes = Math.ceil(seconds / 60);
  return `Try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`;
}

// Asks the vendor blind whether another partner already protects this customer: yes or no, never who.
export function PrecheckButton({ vendorId, vendorName, customer }: PrecheckButtonProps) {
  const precheck = usePrecheck();
  const error = precheck.error instanceof ApiError ? precheck.error : null;
  // The answer names the company it was asked about, so that later typing does not change its meaning.
  const checked = precheck.variables?.customer.company ?? '';
  const run = () => {
    const { company, website, country } = customer;
    precheck.mutate({
      vendor_id: vendorId,
      customer: {
        company: company.trim(),
        ...(website.trim() ? { website: website.trim() } : {}),
        ...(country.trim() ? { country: country.trim().toUpperCase() } : {}),
      },
    });
  };

  return (
    <Stack gap="xs" align="flex-start">
      <Button variant="light" onClick={run} loading={precheck.isPending} disabled={!customer.company.trim()}>
        Check whether this customer is already protected
      </Button>
      <div role="status" style={{ alignSelf: 'stretch' }}>
        {precheck.isSuccess &&
          (precheck.data.protected ? (
            <Alert color="orange" icon={<IconShieldExclamation size={18} aria-hidden />}
              title={`Yes: ${checked} is already protected`}>
              Another partner holds an approved registration with {vendorName} for a company that matches. You can
              still register; {vendorName} decides.
            </Alert>
          ) : (
            <Alert color="green" icon={<IconShieldCheck size={18} aria-hidden />} title={`No: ${checked} is not protected`}>
              No approved registration with {vendorName} matches this customer today.
            </Alert>
          ))}
        {error?.status === 429 && (
          <Alert color="yellow" title="Too many checks for now">
            {vendorName} allows a limited number of checks an hour. {waitText(error.retryAfter)}
          </Alert>
        )}
        {error?.status === 403 && (
          <Alert color="yellow" title="Checks are not open">
            {error.detail || `${vendorName} does not answer pre-checks.`}
          </Alert>
        )}
        {error && error.status !== 429 && error.status !== 403 && (
          <Alert color="red" title="The check did not run">
            {error.fieldErrors['customer.company'] ?? (error.detail || error.title)}
          </Alert>
        )}
      </div>
    </Stack>
  );
}
