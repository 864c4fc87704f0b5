import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '../../api/client';
import type { OrgKind } from '../identity/api';

export type Brand = {
  primary_colour: string;
  accent_colour: string;
  sender_name: string;
  sender_email: string;
  website: string;
  postal_address: string;
  signature: string;
};

export type OrgSettings = {
  id: string;
  name: string;
  kinds: OrgKind[];
  brand: Brand;
  logo_url: string | null;
};

export function useOrgSettings() {
  return useQuery({ queryKey: ['org'], queryFn: () => api.get<OrgSettings>('/api/v1/org') });
}

function useSettingsMutation<Input>(run: (input: Input) => Promise<OrgSettings | void>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: () => {
      client.invalidateQueries({ queryKey: ['org'] });
      // The name shows in the header.
      client.invalidateQueries({ queryKey: ['me'] });
    },
  });
}

export const useSaveSettings = () =>
  useSettingsMutation((input: { name: string; brand: Brand }) => api.patch<OrgSettings>('/api/v1/org', input));

export const useUploadLogo = () =>
  useSettingsMutation((file: File) => api.putFile<OrgSettings>('/api/v1/org/logo', file));

export const useRemoveLogo = () => useSettingsMutation(() => api.delete<void>('/api/v1/org/logo'));
