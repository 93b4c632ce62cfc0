import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { ApiProblem } from '../api/problem';
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
  // After an administrator set the password, the holder must choose its own before it gets a token.
  const [mustChange, setMustChange] = useState(false);
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
          onFinish={async (values: { username: string; password: string; newPassword?: string }) => {
            setBusy(true);
            setError(null);
            try {
              await login(
                values.username.trim(),
                values.password,
                mustChange ? values.newPassword : undefined,
              );
            } catch (failure) {
              if (failure instanceof ApiProblem && failure.code === 'AUTH.PASSWORD_CHANGE_REQUIRED') {
                setMustChange(true);
                return;
              }
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
          {mustChange ? (
            <>
              <Alert
                type="info"
                showIcon
                data-testid="password-change-required"
                title={t('login.changeRequired')}
                style={{ marginBottom: 16 }}
              />
              <Form.Item
                label={t('login.newPassword')}
                name="newPassword"
                extra={t('login.newPasswordRule')}
                rules={[
                  { required: true, message: t('login.required') },
                  { min: 12, max: 200, message: t('login.newPasswordRule') },
                ]}
              >
                <Input.Password autoComplete="new-password" />
              </Form.Item>
              <Form.Item
                label={t('login.confirmPassword')}
                name="confirmPassword"
                dependencies={['newPassword']}
                rules={[
                  { required: true, message: t('login.required') },
                  ({ getFieldValue }) => ({
                    validator: (_rule, value) =>
                      value === getFieldValue('newPassword')
                        ? Promise.resolve()
                        : Promise.reject(new Error(t('login.passwordsDiffer'))),
                  }),
                ]}
              >
                <Input.Password autoComplete="new-password" />
              </Form.Item>
            </>
          ) : null}
          {error ? (
            <div style={{ marginBottom: 16 }}>
              <ProblemAlert error={error} />
            </div>
          ) : null}
          <Button type="primary" htmlType="submit" block loading={busy}>
            {mustChange ? t('login.changeSubmit') : t('login.submit')}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, fontSize: 12 }}>
          {t('login.demoHint')}
        </Typography.Paragraph>
      </Card>
    </main>
  );
}
