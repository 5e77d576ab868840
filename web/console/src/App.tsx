/** The console's routes: the login, then the shell with one lazily loaded page per menu entry. */
import { Button, Result, Spin } from 'antd';
import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { createBrowserRouter, Navigate, RouterProvider, useLocation, useRouteError } from 'react-router';
import { LineProvider } from './line';
import { Login } from './pages/Login';
import { can, useSession } from './session';
import { Shell } from './Shell';
import type { Role } from './types';

const page = (load: () => Promise<Record<string, ComponentType>>, name: string) =>
  lazy(async () => ({ default: (await load())[name]! }));

const Dashboard = page(() => import('./pages/Dashboard'), 'Dashboard');
const Templates = page(() => import('./pages/Templates'), 'Templates');
const TemplateDetail = page(() => import('./pages/TemplateDetail'), 'TemplateDetail');
const Approvals = page(() => import('./pages/Approvals'), 'Approvals');
const Contracts = page(() => import('./pages/Contracts'), 'Contracts');
const ContractDetail = page(() => import('./pages/ContractDetail'), 'ContractDetail');
const Seals = page(() => import('./pages/Seals'), 'Seals');
const Webhooks = page(() => import('./pages/Webhooks'), 'Webhooks');
const Verify = page(() => import('./pages/Verify'), 'Verify');
const BusinessLines = page(() => import('./pages/BusinessLines'), 'BusinessLines');
const Accounts = page(() => import('./pages/Accounts'), 'Accounts');
const Audit = page(() => import('./pages/Audit'), 'Audit');
const SigningRecords = page(() => import('./pages/SigningRecords'), 'SigningRecords');
const Scenes = page(() => import('./pages/Scenes'), 'Scenes');
const Authorizations = page(() => import('./pages/Authorizations'), 'Authorizations');
const Delegators = page(() => import('./pages/Delegators'), 'Delegators');
const RealName = page(() => import('./pages/RealName'), 'RealName');
const Certificates = page(() => import('./pages/Certificates'), 'Certificates');
const Dictionaries = page(() => import('./pages/Dictionaries'), 'Dictionaries');
const Notifications = page(() => import('./pages/Notifications'), 'Notifications');

function Loading() {
  return <Spin style={{ display: 'block', margin: '80px auto' }} />;
}

/** Logged in, else to the login (remembering where to come back to). */
function RequireLogin({ children }: { children: ReactNode }) {
  const { account, loading } = useSession();
  const location = useLocation();
  if (loading) return <Loading />;
  if (!account) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return <LineProvider>{children}</LineProvider>;
}

/** A page only some roles may open; the others see why instead. */
function Allow({ when, children }: { when: (role: Role) => boolean; children: ReactNode }) {
  const { account } = useSession();
  const { t } = useTranslation();
  if (!account || !when(account.role))
    return <Result status="403" title="403" subTitle={t('common.forbidden')} />;
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}

const all = () => true;
const router = createBrowserRouter(
  [
    { path: '/login', element: <Login /> },
    {
      path: '/',
      errorElement: <Crashed />,
      element: (
        <RequireLogin>
          <Shell />
        </RequireLogin>
      ),
      children: [
        {
          index: true,
          element: (
            <Allow when={all}>
              <Dashboard />
            </Allow>
          ),
        },
        {
          path: 'templates',
          element: (
            <Allow when={all}>
              <Templates />
            </Allow>
          ),
        },
        {
          path: 'templates/:id',
          element: (
            <Allow when={all}>
              <TemplateDetail />
            </Allow>
          ),
        },
        {
          path: 'approvals',
          element: (
            <Allow when={can.seeApprovals}>
              <Approvals />
            </Allow>
          ),
        },
        {
          path: 'contracts',
          element: (
            <Allow when={all}>
              <Contracts />
            </Allow>
          ),
        },
        {
          path: 'contracts/:id',
          element: (
            <Allow when={all}>
              <ContractDetail />
            </Allow>
          ),
        },
        {
          path: 'signing-records',
          element: (
            <Allow when={all}>
              <SigningRecords />
            </Allow>
          ),
        },
        {
          path: 'scenes',
          element: (
            <Allow when={all}>
              <Scenes />
            </Allow>
          ),
        },
        {
          path: 'authorizations',
          element: (
            <Allow when={all}>
              <Authorizations />
            </Allow>
          ),
        },
        {
          path: 'delegators',
          element: (
            <Allow when={all}>
              <Delegators />
            </Allow>
          ),
        },
        {
          path: 'real-name',
          element: (
            <Allow when={all}>
              <RealName />
            </Allow>
          ),
        },
        {
          path: 'seals',
          element: (
            <Allow when={all}>
              <Seals />
            </Allow>
          ),
        },
        {
          path: 'webhooks',
          element: (
            <Allow when={all}>
              <Webhooks />
            </Allow>
          ),
        },
        {
          path: 'verify',
          element: (
            <Allow when={all}>
              <Verify />
            </Allow>
          ),
        },
        {
          path: 'business-lines',
          element: (
            <Allow when={can.administer}>
              <BusinessLines />
            </Allow>
          ),
        },
        {
          path: 'accounts',
          element: (
            <Allow when={can.administer}>
              <Accounts />
            </Allow>
          ),
        },
        { path: 'certificates', element: <Certificates /> },
        { path: 'dictionaries', element: <Dictionaries /> },
        { path: 'notifications', element: <Notifications /> },
        {
          path: 'audit',
          element: (
            <Allow when={can.audit}>
              <Audit />
            </Allow>
          ),
        },
        { path: '*', element: <NotFound /> },
      ],
    },
  ],
  { basename: '/console' },
);

/** A page that threw while rendering: say so in the product's words, and offer a reload. */
function Crashed() {
  const { t } = useTranslation();
  const error = useRouteError();
  return (
    <Result
      status="error"
      title={t('common.crashed')}
      subTitle={error instanceof Error ? error.message : String(error)}
      extra={
        <Button type="primary" onClick={() => location.reload()}>
          {t('common.reload')}
        </Button>
      }
    />
  );
}

function NotFound() {
  const { t } = useTranslation();
  return <Result status="404" title="404" subTitle={t('common.notFound')} />;
}

export function App() {
  return <RouterProvider router={router} />;
}
