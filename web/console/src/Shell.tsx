/**
 * The frame of every page after login: the menu of what the role may open, the business line
 * being worked on, the language, and the account with its logout.
 */
import {
  ApiOutlined,
  AuditOutlined,
  BankOutlined,
  BellOutlined,
  BookOutlined,
  CheckSquareOutlined,
  DashboardOutlined,
  FileProtectOutlined,
  FileTextOutlined,
  IdcardOutlined,
  KeyOutlined,
  MobileOutlined,
  SafetyCertificateOutlined,
  SafetyOutlined,
  SettingOutlined,
  VerifiedOutlined,
  TeamOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import { Button, Empty, Grid, Layout, Menu, Select, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { switchLanguage } from './i18n/index';
import { useLine } from './line';
import { can, useSession } from './session';
import type { Role } from './types';

interface Item {
  path: string;
  key: string;
  icon: ReactNode;
  allowed: (role: Role) => boolean;
  /** Works on the chosen business line (hidden until one exists). */
  line: boolean;
}

const all = () => true;
export const MENU: Item[] = [
  { path: '/', key: 'dashboard', icon: <DashboardOutlined />, allowed: all, line: true },
  { path: '/templates', key: 'templates', icon: <FileTextOutlined />, allowed: all, line: true },
  {
    path: '/approvals',
    key: 'approvals',
    icon: <CheckSquareOutlined />,
    allowed: can.seeApprovals,
    line: false,
  },
  { path: '/contracts', key: 'contracts', icon: <FileProtectOutlined />, allowed: all, line: true },
  { path: '/signing-records', key: 'records', icon: <UnorderedListOutlined />, allowed: all, line: true },
  { path: '/seals', key: 'seals', icon: <VerifiedOutlined />, allowed: all, line: true },
  { path: '/scenes', key: 'scenes', icon: <MobileOutlined />, allowed: all, line: true },
  { path: '/authorizations', key: 'authorizations', icon: <KeyOutlined />, allowed: all, line: true },
  { path: '/delegators', key: 'delegators', icon: <BankOutlined />, allowed: all, line: true },
  { path: '/real-name', key: 'realName', icon: <IdcardOutlined />, allowed: all, line: true },
  { path: '/webhooks', key: 'webhooks', icon: <ApiOutlined />, allowed: all, line: true },
  { path: '/verify', key: 'verify', icon: <SafetyCertificateOutlined />, allowed: all, line: true },
  { path: '/notifications', key: 'notifications', icon: <BellOutlined />, allowed: all, line: true },
  { path: '/dictionaries', key: 'dictionaries', icon: <BookOutlined />, allowed: all, line: true },
  {
    path: '/business-lines',
    key: 'businessLines',
    icon: <SettingOutlined />,
    allowed: can.administer,
    line: false,
  },
  { path: '/accounts', key: 'accounts', icon: <TeamOutlined />, allowed: can.administer, line: false },
  { path: '/certificates', key: 'certificates', icon: <SafetyOutlined />, allowed: all, line: false },
  { path: '/audit', key: 'audit', icon: <AuditOutlined />, allowed: can.audit, line: false },
];

export function Shell() {
  const { t, i18n } = useTranslation();
  const { account, logout } = useSession();
  const { lines, line, choose } = useLine();
  const navigate = useNavigate();
  const location = useLocation();
  const role = account!.role;
  // Below antd's lg breakpoint the menu folds away and the header keeps only what fits.
  const narrow = !Grid.useBreakpoint().lg;
  const items = MENU.filter((m) => m.allowed(role) && (!m.line || line));
  const selected =
    [...items]
      .sort((a, b) => b.path.length - a.path.length)
      .find((m) => (m.path === '/' ? location.pathname === '/' : location.pathname.startsWith(m.path)))
      ?.key ?? 'dashboard';

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider
        breakpoint="lg"
        collapsedWidth={0}
        theme="light"
        width={208}
        // Folded (phones, narrow windows): its trigger sits in the header's free left corner.
        zeroWidthTriggerStyle={{ top: 16 }}
      >
        <div style={{ padding: '16px 20px', fontWeight: 600, fontSize: 16 }}>
          合同 · {t('common.console')}
        </div>
        <Menu
          mode="inline"
          selectedKeys={[selected]}
          items={items.map((m) => ({ key: m.key, icon: m.icon, label: t(`common.menu.${m.key}`) }))}
          onClick={({ key }) => navigate(MENU.find((m) => m.key === key)!.path)}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: 'var(--ant-color-bg-container, #fff)',
            padding: narrow ? '8px 12px 8px 56px' : '0 24px',
            height: 'auto',
            minHeight: 64,
            lineHeight: 'normal',
            display: 'flex',
            flexWrap: 'wrap',
            alignItems: 'center',
            justifyContent: 'space-between',
            gap: 8,
          }}
        >
          <Space>
            {!narrow && <Typography.Text type="secondary">{t('common.line')}</Typography.Text>}
            <Select
              data-testid="line-select"
              style={{ minWidth: narrow ? 160 : 220 }}
              value={line?.appId}
              onChange={choose}
              options={lines.map((l) => ({
                value: l.appId,
                label: l.status === 'active' ? l.name : `${l.name} (${l.status})`,
              }))}
              notFoundContent={t('common.noLine')}
            />
          </Space>
          <Space>
            <Button type="text" onClick={() => switchLanguage(i18n.language === 'en' ? 'zh-CN' : 'en')}>
              {t('common.language')}
            </Button>
            <Typography.Text data-testid="account">{account!.username}</Typography.Text>
            {!narrow && <Tag>{t(`common.roles.${role}`)}</Tag>}
            <Button data-testid="logout" onClick={() => void logout().then(() => navigate('/login'))}>
              {t('common.logout')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: narrow ? 12 : 24 }}>
          {line || !MENU.find((m) => m.key === selected)?.line ? (
            <Outlet />
          ) : (
            <Empty description={t('common.noLine')} />
          )}
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
