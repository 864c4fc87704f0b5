import {
  Alert,
  Anchor,
  AppShell,
  Burger,
  Button,
  Center,
  Group,
  Loader,
  NavLink,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconHistory, IconHome, IconSitemap } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Navigate, NavLink as RouterNavLink, Outlet, useLocation, useNavigate } from 'react-router';

import { useLogout, useMe } from '../identity/api';

import { ColorSchemeToggle } from './ColorSchemeToggle';

type NavItem = { to: string; label: string; icon: ReactNode };

// Modules add their screens here as they arrive.
const NAV_ITEMS: NavItem[] = [
  { to: '/', label: 'Home', icon: <IconHome size={18} aria-hidden /> },
  { to: '/network', label: 'Network', icon: <IconSitemap size={18} aria-hidden /> },
  { to: '/audit', label: 'Audit log', icon: <IconHistory size={18} aria-hidden /> },
];

// The application frame: a skip link, the header, the navigation and the page in <main>.
// Everything inside it needs a session: without one, the person is sent to sign in.
export function AppFrame() {
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  const navigate = useNavigate();
  const me = useMe();
  const logout = useLogout();

  if (me.isPending) {
    return (
      <Center mih="100vh" role="status">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  if (me.error) {
    return (
      <Center mih="100vh" p="md" component="main">
        <Alert color="red" title="Cannot reach the server" maw={480}>
          {me.error.message}
        </Alert>
      </Center>
    );
  }
  if (!me.data) return <Navigate to="/login" replace state={{ from: location.pathname }} />;

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="lg"
    >
      <Anchor href="#main" className="skip-link">
        Skip to main content
      </Anchor>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="sm">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? 'Close navigation' : 'Open navigation'}
            />
            <img src="/favicon.svg" alt="" width={28} height={28} />
            <Text fw={700} size="lg" component="span">
              Strata
            </Text>
          </Group>
          <Group gap="sm">
            <Text size="sm" visibleFrom="sm" data-testid="signed-in-as">
              {me.data.user.name} · {me.data.org.name}
            </Text>
            <ColorSchemeToggle />
            <Button
              variant="default"
              onClick={() => logout.mutate(undefined, { onSettled: () => navigate('/login') })}
            >
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" component="nav" aria-label="Main">
        <VisuallyHidden>
          <h2>Navigation</h2>
        </VisuallyHidden>
        {NAV_ITEMS.map((item) => (
          <NavLink
            key={item.to}
            component={RouterNavLink}
            to={item.to}
            label={item.label}
            leftSection={item.icon}
            active={location.pathname === item.to}
            onClick={close}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
