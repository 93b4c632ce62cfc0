import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { lazy, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { PageLoading } from './components/page-loading';
import { I18nProvider, useI18n } from './i18n/i18n';
import { homeFor } from './layout/role-menu';
import { Shell } from './layout/shell';
import { LoginPage } from './pages/login-page';
import { SessionProvider, useSession } from './session/session';

// Every screen but the login page loads on demand, so the first screen stays small (bundle budget).
const CaseListPage = lazy(() => import('./pages/case-list-page'));
const NotFoundPage = lazy(() => import('./pages/not-found-page'));

/** antd's default grey text (45 % black) fails WCAG AA contrast (axe: color-contrast); 65 % passes. */
const THEME = {
  token: {
    colorPrimary: '#1554ad',
    colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.65)',
    colorTextDescription: 'rgba(0, 0, 0, 0.65)',
  },
};

function SignedIn({ children }: { children: ReactNode }) {
  const { state } = useSession();
  const location = useLocation();
  if (state.status === 'checking') return <PageLoading />;
  if (state.status === 'anonymous')
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <Shell>{children}</Shell>;
}

function Home() {
  const { state } = useSession();
  if (state.status !== 'signedIn') return <Navigate to="/login" replace />;
  return <Navigate to={homeFor(state.user.roles)} replace />;
}

function LocalisedApp() {
  const { language } = useI18n();
  dayjs.locale(language === 'zh' ? 'zh-cn' : 'en');
  const page = (element: ReactNode) => <SignedIn>{element}</SignedIn>;
  return (
    <ConfigProvider locale={language === 'zh' ? zhCN : enUS} theme={THEME}>
      <AntApp>
        <BrowserRouter basename="/console">
          <SessionProvider>
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              <Route path="/" element={<Home />} />
              <Route path="/cases" element={page(<CaseListPage />)} />
              <Route path="*" element={page(<NotFoundPage />)} />
            </Routes>
          </SessionProvider>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <I18nProvider>
      <LocalisedApp />
    </I18nProvider>
  );
}
