import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '../../api/client';
import type { components } from '../../api/schema';
import type { RequestJson } from '../../api/types';

export type OrgSettings = components['responses']['OrgSettings']['content']['application/json'];
// The brand as the server answers it, every field present.
export type Brand = OrgSettings['brand'];
type SettingsChange = RequestJson<'/api/v1/org', 'patch'>;

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
  useSettingsMutation((input: SettingsChange) => api.patch<OrgSettings>('/api/v1/org', input));

export const useUploadLogo = () =>
  useSettingsMutation((file: File) => api.putFile<OrgSettings>('/api/v1/org/logo', file));

export const useRemoveLogo = () => useSettingsMutation(() => api.delete<void>('/api/v1/org/logo'));
