import {
  Alert,
  Anchor,
  AppShell,
  Avatar,
  Burger,
  Button,
  Center,
  Divider,
  Group,
  Loader,
  Menu,
  NativeSelect,
  NavLink,
  ScrollArea,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconAddressBook,
  IconBriefcase,
  IconChecklist,
  IconChevronDown,
  IconHistory,
  IconHome,
  IconInbox,
  IconKey,
  IconReceipt,
  IconRoute,
  IconScale,
  IconSettings,
  IconShieldLock,
  IconSitemap,
  IconUsers,
  IconWebhook,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link, Navigate, NavLink as RouterNavLink, Outlet, useLocation, useNavigate } from 'react-router';

import { isAdmin, type OrgKind, useLogout, useMe, useMyOrgs, useSwitchOrg } from '../identity/api';
import { useVendors } from '../network/api';
import { NotificationsBell } from '../notifications/NotificationsBell';

import { ColorSchemeToggle } from './ColorSchemeToggle';

// `kinds`: shown only to organisations that work in the channel as one of these.
type NavItem = { to: string; label: string; icon: ReactNode; adminOnly?: boolean; kinds?: OrgKind[] };

// Modules add their screens here as they arrive.
const NAV_ITEMS: NavItem[] = [
  { to: '/', label: 'Home', icon: <IconHome size={18} aria-hidden /> },
  { to: '/deals', label: 'Deals', icon: <IconReceipt size={18} aria-hidden />, kinds: ['reseller'] },
  { to: '/deal-review', label: 'Deal review', icon: <IconChecklist size={18} aria-hidden />, kinds: ['vendor', 'distributor'] },
  { to: '/direct-pipeline', label: 'Direct pipeline', icon: <IconBriefcase size={18} aria-hidden />, kinds: ['vendor'] },
  { to: '/deal-rules', label: 'Deal rules', icon: <IconScale size={18} aria-hidden />, kinds: ['vendor'] },
  { to: '/leads', label: 'Leads', icon: <IconInbox size={18} aria-hidden /> },
  { to: '/lead-routing', label: 'Lead routing', icon: <IconRoute size={18} aria-hidden />, kinds: ['vendor', 'distributor'] },
  { to: '/contacts', label: 'Contacts', icon: <IconAddressBook size={18} aria-hidden /> },
  { to: '/network', label: 'Network', icon: <IconSitemap size={18} aria-hidden /> },
  { to: '/team', label: 'Team', icon: <IconUsers size={18} aria-hidden /> },
  { to: '/settings', label: 'Settings', icon: <IconSettings size={18} aria-hidden /> },
  { to: '/api-tokens', label: 'API tokens', icon: <IconKey size={18} aria-hidden />, adminOnly: true },
  { to: '/webhooks', label: 'Webhooks', icon: <IconWebhook size={18} aria-hidden />, adminOnly: true },
  { to: '/privacy', label: 'Privacy', icon: <IconShieldLock size={18} aria-hidden />, adminOnly: true },
  { to: '/audit', label: 'Audit log', icon: <IconHistory size={18} aria-hidden />, adminOnly: true },
];

// The organisations a person belongs to, when there is more than one to choose from.
function OrgSwitcher({ currentOrgId }: { currentOrgId: string }) {
  const orgs = useMyOrgs();
  const switchOrg = useSwitchOrg();
  const navigate = useNavigate();
  if (!orgs.data || orgs.data.length < 2) return null;
  return (
    <NativeSelect
      aria-label="Organisation"
      size="xs"
      data={orgs.data.map((org) => ({ value: org.id, label: org.name }))}
      value={currentOrgId}
      disabled={switchOrg.isPending}
      onChange={(event) => switchOrg.mutate({ org_id: event.currentTarget.value }, { onSuccess: () => navigate('/') })}
    />
  );
}

// A partner's vendors, each a click away, with its logo when the vendor has one.
function VendorNav({ onNavigate }: { onNavigate: () => void }) {
  const vendors = useVendors();
  if (!vendors.data || vendors.data.length === 0) return null;
  return (
    <>
      <Divider my="sm" />
      <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" id="vendors-nav-heading">
        Your vendors
      </Text>
      <nav aria-labelledby="vendors-nav-heading">
        {vendors.data.map((entry) => (
          <NavLink
            key={entry.vendor.id}
            component={Link}
            to={`/network#vendor-${entry.vendor.id}`}
            label={entry.vendor.name}
            description={entry.routes.some((route) => route.type === 'direct') ? 'Direct' : `Through ${entry.routes[0]?.distributor?.name ?? 'a distributor'}`}
            leftSection={
              <Avatar src={entry.vendor.logo_url ?? null} size={22} radius="xl" alt="">
                {entry.vendor.name.slice(0, 1)}
              </Avatar>
            }
            onClick={onNavigate}
          />
        ))}
      </nav>
    </>
  );
}

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
            <OrgSwitcher currentOrgId={me.data.org.id} />
            <NotificationsBell />
            <ColorSchemeToggle />
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <Button variant="default" rightSection={<IconChevronDown size={14} aria-hidden />}>
                  Account
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item component={Link} to="/account">
                  Change password
                </Menu.Item>
                <Menu.Divider />
                <Menu.Item onClick={() => logout.mutate(false, { onSettled: () => navigate('/login') })}>
                  Sign out here
                </Menu.Item>
                <Menu.Item onClick={() => logout.mutate(true, { onSettled: () => navigate('/login') })}>
                  Sign out on every device
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" component="nav" aria-label="Main">
        <VisuallyHidden>
          <h2>Navigation</h2>
        </VisuallyHidden>
        <ScrollArea type="auto">
        {NAV_ITEMS.filter(
          (item) =>
            (!item.adminOnly || isAdmin(me.data?.role)) &&
            (!item.kinds || item.kinds.some((kind) => me.data?.org.kinds.includes(kind))),
        ).map((item) => (
          <NavLink
            key={item.to}
            component={RouterNavLink}
            to={item.to}
            label={item.label}
            leftSection={item.icon}
            active={item.to === '/' ? location.pathname === '/' : location.pathname === item.to || location.pathname.startsWith(`${item.to}/`)}
            onClick={close}
          />
        ))}
        <VendorNav onNavigate={close} />
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
