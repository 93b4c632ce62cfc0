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
const IntakePage = lazy(() => import('./pages/intake-page'));
const CaseListPage = lazy(() => import('./pages/case-list-page'));
const CasePage = lazy(() => import('./pages/case-page'));
const EscalationBoardPage = lazy(() => import('./pages/escalation-board-page'));
const OverduePage = lazy(() => import('./pages/overdue-page'));
const EnforcementPage = lazy(() => import('./pages/enforcement-page'));
const ReplayPage = lazy(() => import('./pages/replay-page'));
const DashboardsPage = lazy(() => import('./pages/dashboards-page'));
const AssessmentsPage = lazy(() => import('./pages/assessments-page'));
const AccountsPage = lazy(() => import('./pages/accounts-page'));
const JurisdictionsPage = lazy(() => import('./pages/jurisdictions-page'));
const ProjectionsPage = lazy(() => import('./pages/projections-page'));
const NotFoundPage = lazy(() => import('./pages/not-found-page'));

/**
 * antd's default grey text (45 % black), link blue and danger red (#ff4d4f, 3.3:1 on white: the
 * disable-account button) fail WCAG AA contrast (axe: color-contrast); these pass.
 */
const THEME = {
  token: {
    colorPrimary: '#1554ad',
    colorError: '#c41d1f',
    colorLink: '#1554ad',
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
              <Route path="/intake" element={page(<IntakePage />)} />
              <Route path="/report" element={page(<IntakePage compact />)} />
              <Route path="/cases" element={page(<CaseListPage />)} />
              <Route path="/cases/:caseId" element={page(<CasePage />)} />
              <Route path="/escalations" element={page(<EscalationBoardPage />)} />
              <Route path="/overdue" element={page(<OverduePage />)} />
              <Route path="/enforcement" element={page(<EnforcementPage />)} />
              <Route path="/replay" element={page(<ReplayPage />)} />
              <Route path="/replay/:caseId" element={page(<ReplayPage />)} />
              <Route path="/dashboards" element={page(<DashboardsPage />)} />
              <Route path="/assessments" element={page(<AssessmentsPage />)} />
              <Route path="/admin/accounts" element={page(<AccountsPage />)} />
              <Route path="/admin/jurisdictions" element={page(<JurisdictionsPage />)} />
              <Route path="/admin/projections" element={page(<ProjectionsPage />)} />
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
