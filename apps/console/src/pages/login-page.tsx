import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { ProblemAlert } from '../components/problem-alert';
import { useI18n } from '../i18n/i18n';
import { homeFor } from '../layout/role-menu';
import { safeNext } from '../session/safe-next';
import { useSession } from '../session/session';

export function LoginPage() {
  const { t, language, setLanguage } = useI18n();
  const { state, login } = useSession();
  const [params] = useSearchParams();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (state.status === 'signedIn')
    return <Navigate to={safeNext(params.get('next')) ?? homeFor(state.user.roles)} replace />;
  return (
    <main
      id="main"
      style={{
        minHeight: '100vh',
        display: 'grid',
        placeItems: 'center',
        padding: 16,
        background: '#f0f2f5',
      }}
    >
      <Card style={{ width: '100%', maxWidth: 400 }}>
        <div style={{ display: 'flex', alignItems: 'center' }}>
          <Typography.Title level={1} style={{ fontSize: 22, flex: 1 }}>
            {t('app.title')}
          </Typography.Title>
          <Button
            size="small"
            onClick={() => setLanguage(language === 'zh' ? 'en' : 'zh')}
            title={t('app.languageLabel')}
          >
            {t('app.language')}
          </Button>
        </div>
        <Typography.Title level={2} style={{ fontSize: 18 }}>
          {t('login.title')}
        </Typography.Title>
        {state.status === 'anonymous' && state.expired ? (
          <Alert type="warning" showIcon title={t('login.expired')} style={{ marginBottom: 16 }} />
        ) : null}
        <Form
          layout="vertical"
          requiredMark={false}
          onFinish={async (values: { username: string; password: string }) => {
            setBusy(true);
            setError(null);
            try {
              await login(values.username.trim(), values.password);
            } catch (failure) {
              setError(failure);
            } finally {
              setBusy(false);
            }
          }}
        >
          <Form.Item
            label={t('login.username')}
            name="username"
            rules={[{ required: true, message: t('login.required') }]}
          >
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item
            label={t('login.password')}
            name="password"
            rules={[{ required: true, message: t('login.required') }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          {error ? (
            <div style={{ marginBottom: 16 }}>
              <ProblemAlert error={error} />
            </div>
          ) : null}
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('login.submit')}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, fontSize: 12 }}>
          {t('login.demoHint')}
        </Typography.Paragraph>
      </Card>
    </main>
  );
}
