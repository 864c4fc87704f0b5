import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createBrowserRouter, RouterProvider, type RouteObject } from 'react-router';

import { AppFrame } from './modules/ui/AppFrame';
import { AuditPage } from './pages/AuditPage';
import { HomePage } from './pages/HomePage';
import { LogInPage } from './pages/LogInPage';
import { NetworkPage } from './pages/NetworkPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { SignUpPage } from './pages/SignUpPage';
import { cssVariablesResolver, theme } from './theme';

export const routes: RouteObject[] = [
  { path: '/login', element: <LogInPage /> },
  { path: '/signup', element: <SignUpPage /> },
  {
    element: <AppFrame />,
    children: [
      { index: true, element: <HomePage /> },
      { path: 'network', element: <NetworkPage /> },
      { path: 'audit', element: <AuditPage /> },
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
