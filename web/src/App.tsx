import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ComponentType } from 'react';
import { createBrowserRouter, RouterProvider, type RouteObject } from 'react-router';

import { AppFrame } from './modules/ui/AppFrame';
import { HomePage } from './pages/HomePage';
import { LogInPage } from './pages/LogInPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { SignUpPage } from './pages/SignUpPage';
import { cssVariablesResolver, theme } from './theme';

// Screens load when first visited, so signing in does not wait for every page of the portal.
function page<Name extends string>(
  load: () => Promise<Record<Name, ComponentType>>,
  name: Name,
): () => Promise<{ Component: ComponentType }> {
  return async () => ({ Component: (await load())[name] });
}

export const routes: RouteObject[] = [
  { path: '/login', element: <LogInPage /> },
  { path: '/signup', element: <SignUpPage /> },
  { path: '/forgot-password', lazy: page(() => import('./pages/ForgotPasswordPage'), 'ForgotPasswordPage') },
  { path: '/reset-password', lazy: page(() => import('./pages/ResetPasswordPage'), 'ResetPasswordPage') },
  { path: '/join/:token', lazy: page(() => import('./pages/JoinPage'), 'JoinPage') },
  {
    element: <AppFrame />,
    children: [
      { index: true, element: <HomePage /> },
      { path: 'deals', lazy: page(() => import('./pages/DealsPage'), 'DealsPage') },
      { path: 'deals/new', lazy: page(() => import('./pages/DealEditPage'), 'DealEditPage') },
      { path: 'deals/:id', lazy: page(() => import('./pages/DealPage'), 'DealPage') },
      { path: 'deals/:id/edit', lazy: page(() => import('./pages/DealEditPage'), 'DealEditPage') },
      { path: 'deal-review', lazy: page(() => import('./pages/DealReviewPage'), 'DealReviewPage') },
      { path: 'deal-rules', lazy: page(() => import('./pages/DealRulesPage'), 'DealRulesPage') },
      { path: 'direct-pipeline', lazy: page(() => import('./pages/DirectPipelinePage'), 'DirectPipelinePage') },
      { path: 'leads', lazy: page(() => import('./pages/LeadsPage'), 'LeadsPage') },
      { path: 'leads/new', lazy: page(() => import('./pages/NewLeadPage'), 'NewLeadPage') },
      { path: 'leads/import', lazy: page(() => import('./pages/LeadImportPage'), 'LeadImportPage') },
      { path: 'leads/:id', lazy: page(() => import('./pages/LeadPage'), 'LeadPage') },
      { path: 'lead-routing', lazy: page(() => import('./pages/LeadRoutingPage'), 'LeadRoutingPage') },
      { path: 'contacts', lazy: page(() => import('./pages/ContactsPage'), 'ContactsPage') },
      { path: 'contacts/import', lazy: page(() => import('./pages/ContactImportPage'), 'ContactImportPage') },
      { path: 'contacts/lists', lazy: page(() => import('./pages/ContactListsPage'), 'ContactListsPage') },
      { path: 'contacts/:id', lazy: page(() => import('./pages/ContactPage'), 'ContactPage') },
      { path: 'suppressions', lazy: page(() => import('./pages/SuppressionsPage'), 'SuppressionsPage') },
      { path: 'privacy', lazy: page(() => import('./pages/PrivacyPage'), 'PrivacyPage') },
      { path: 'network', lazy: page(() => import('./pages/NetworkPage'), 'NetworkPage') },
      { path: 'team', lazy: page(() => import('./pages/TeamPage'), 'TeamPage') },
      { path: 'settings', lazy: page(() => import('./pages/SettingsPage'), 'SettingsPage') },
      { path: 'api-tokens', lazy: page(() => import('./pages/ApiTokensPage'), 'ApiTokensPage') },
      { path: 'webhooks', lazy: page(() => import('./pages/WebhooksPage'), 'WebhooksPage') },
      { path: 'audit', lazy: page(() => import('./pages/AuditPage'), 'AuditPage') },
      { path: 'account', lazy: page(() => import('./pages/AccountPage'), 'AccountPage') },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];

export function makeQueryClient() {
  return new QueryClient({
    defaultOptions: { queries: { staleTime: 10_000, refetchOnWindowFocus: false } },
  });
}

const router = createBrowserRouter(routes);
const queryClient = makeQueryClient();

export function App() {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="auto">
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  );
}
