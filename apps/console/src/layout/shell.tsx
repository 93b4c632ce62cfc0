import { Button, Drawer, Grid, Layout, Menu, Space, Tag, Typography } from 'antd';
import { Suspense, useEffect, useState, type ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import { useI18n } from '../i18n/i18n';
import { useSession, useUser } from '../session/session';
import { menuFor } from './role-menu';
import { PageLoading } from '../components/page-loading';

/** The frame around every signed-in screen: the role's menu, who is signed in, language, log out. */
export function Shell({ children }: { children: ReactNode }) {
  const { t, term, language, setLanguage } = useI18n();
  const { logout } = useSession();
  const user = useUser();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const narrow = !screens.md;
  const entries = menuFor(user.roles);
  const selected = entries
    .map((entry) => entry.path)
    .filter((path) => location.pathname === path || location.pathname.startsWith(`${path}/`))
    .sort((a, b) => b.length - a.length)
    .slice(0, 1);
  // On a phone the menu is a drawer: a horizontal menu would hide its overflow behind aria-hidden links.
  const [drawerOpen, setDrawerOpen] = useState(false);
  useEffect(() => setDrawerOpen(false), [location.pathname]);
  const menu = (
    <Menu
      mode="inline"
      selectedKeys={selected}
      items={entries.map((entry) => ({
        key: entry.path,
        label: <Link to={entry.path}>{t(entry.label)}</Link>,
      }))}
      style={{ height: '100%', borderInlineEnd: 0 }}
    />
  );
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <Layout.Header
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: 12,
          paddingInline: narrow ? 12 : 24,
          background: '#fff',
        }}
      >
        <Typography.Title level={1} style={{ fontSize: narrow ? 16 : 18, margin: 0, whiteSpace: 'nowrap' }}>
          <Link to="/">{t('app.title')}</Link>
        </Typography.Title>
        <span style={{ flex: 1 }} />
        <Space size="small" wrap={false}>
          {!narrow ? (
            <span data-testid="signed-in-as">
              {user.displayName ?? user.username ?? user.id.slice(0, 8)}{' '}
              <Tag color="blue">{user.roles.map((role) => term('role', role)).join(' / ')}</Tag>
            </span>
          ) : null}
          <Button
            size="small"
            onClick={() => setLanguage(language === 'zh' ? 'en' : 'zh')}
            title={t('app.languageLabel')}
            lang={language === 'zh' ? 'en' : 'zh-CN'}
          >
            {t('app.language')}
          </Button>
          <Button size="small" onClick={logout}>
            {t('app.logout')}
          </Button>
        </Space>
      </Layout.Header>
      <Layout>
        {narrow ? null : (
          <Layout.Sider width={200} theme="light" aria-label={t('app.mainMenu')}>
            <nav aria-label={t('app.mainMenu')}>{menu}</nav>
          </Layout.Sider>
        )}
        <Layout.Content style={{ padding: narrow ? 8 : 24, minWidth: 0 }}>
          {narrow ? (
            <>
              <Button
                size="small"
                onClick={() => setDrawerOpen(true)}
                style={{ marginBottom: 8 }}
                aria-expanded={drawerOpen}
              >
                {t('app.mainMenu')}
              </Button>
              <Drawer
                open={drawerOpen}
                onClose={() => setDrawerOpen(false)}
                placement="left"
                width={240}
                title={t('app.title')}
              >
                <nav aria-label={t('app.mainMenu')}>{menu}</nav>
              </Drawer>
            </>
          ) : null}
          <main id="main" tabIndex={-1} style={{ outline: 'none' }}>
            <Suspense fallback={<PageLoading />}>{children}</Suspense>
          </main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
