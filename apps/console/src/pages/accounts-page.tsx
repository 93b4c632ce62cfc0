import { Alert, Button, Card, Col, Input, Row, Space, Typography } from 'antd';
import { useState } from 'react';
import { api, call } from '../api/client';
import { openApiDocument } from '../api/openapi-document';
import { useApi } from '../api/use-api';
import { PageLoading } from '../components/page-loading';
import { ProblemAlert } from '../components/problem-alert';
import { formFields, requestSchemaOf, type OpenApiDocument } from '../forms/openapi-schema';
import { SchemaForm } from '../forms/schema-form';
import { useI18n } from '../i18n/i18n';

/** A route of the accounts API with `{username}` in it, called with a path built from the document. */
async function postAccountRoute(path: string, username: string, body?: unknown): Promise<void> {
  const post = api.POST as unknown as (
    path: string,
    init: { params: { path: { username: string } }; body?: unknown },
  ) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
  await call(post(path, { params: { path: { username } }, body: body ?? {} }));
}

/** The route the API offers for `verb` on one account (disable, enable), if its document has one. */
export function accountRoute(document: OpenApiDocument, verb: string): string | undefined {
  return Object.keys(document.paths).find((path) =>
    new RegExp(`^/api/v1/auth/accounts/\\{username\\}/${verb}$`).test(path),
  );
}

/** Administrators: create local logins, reset passwords, disable and enable accounts, sync registry logins. */
export default function AccountsPage() {
  const { t } = useI18n();
  const document = useApi(() => openApiDocument(), []);
  const [created, setCreated] = useState<string | null>(null);
  const [createError, setCreateError] = useState<unknown>(null);
  const [resetUser, setResetUser] = useState('');
  const [resetDone, setResetDone] = useState<string | null>(null);
  const [resetError, setResetError] = useState<unknown>(null);
  const [switchUser, setSwitchUser] = useState('');
  const [switchReason, setSwitchReason] = useState('');
  const [switchDone, setSwitchDone] = useState<string | null>(null);
  const [switchError, setSwitchError] = useState<unknown>(null);
  const [synced, setSynced] = useState<number | null>(null);
  const [syncError, setSyncError] = useState<unknown>(null);
  if (document.loading) return <PageLoading />;
  if (document.error) return <ProblemAlert error={document.error} />;
  const doc = document.data!;
  const createFields = formFields(doc, requestSchemaOf(doc, '/api/v1/auth/accounts') ?? {});
  const passwordFields = formFields(
    doc,
    requestSchemaOf(doc, '/api/v1/auth/accounts/{username}/password') ?? {},
  );
  const disableRoute = accountRoute(doc, 'disable');
  const enableRoute = accountRoute(doc, 'enable');
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
        {t('menu.accounts')}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('admin.createAccount')} data-testid="create-account">
            <SchemaForm
              fields={createFields}
              submitLabel={t('admin.create')}
              onSubmit={async (body) => {
                setCreateError(null);
                setCreated(null);
                try {
                  await call(api.POST('/api/v1/auth/accounts', { body: body as never }));
                  setCreated(String(body.username));
                } catch (failure) {
                  setCreateError(failure);
                }
              }}
            />
            {created ? (
              <Alert
                type="success"
                showIcon
                title={`${t('admin.created')}: ${created}`}
                style={{ marginTop: 12 }}
                data-testid="account-created"
              />
            ) : null}
            <ProblemAlert error={createError} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Space direction="vertical" style={{ width: '100%' }}>
            <Card size="small" title={t('admin.resetPassword')} data-testid="reset-password">
              <label htmlFor="reset-username">{t('login.username')}</label>
              <Input
                id="reset-username"
                value={resetUser}
                onChange={(event) => setResetUser(event.target.value)}
                style={{ marginBottom: 12 }}
              />
              <SchemaForm
                fields={passwordFields}
                submitLabel={t('admin.reset')}
                onSubmit={async (body) => {
                  setResetError(null);
                  setResetDone(null);
                  try {
                    await postAccountRoute(
                      '/api/v1/auth/accounts/{username}/password',
                      resetUser.trim(),
                      body,
                    );
                    setResetDone(resetUser.trim());
                  } catch (failure) {
                    setResetError(failure);
                  }
                }}
              />
              {resetDone ? (
                <Alert
                  type="success"
                  showIcon
                  title={`${t('admin.passwordReset')}: ${resetDone}`}
                  style={{ marginTop: 12 }}
                />
              ) : null}
              <ProblemAlert error={resetError} />
            </Card>
            <Card size="small" title={t('admin.disable')} data-testid="disable-account">
              {disableRoute && enableRoute ? (
                <Space direction="vertical" style={{ width: '100%' }}>
                  <label htmlFor="switch-username">{t('login.username')}</label>
                  <Input
                    id="switch-username"
                    value={switchUser}
                    onChange={(event) => setSwitchUser(event.target.value)}
                  />
                  <label htmlFor="switch-reason">{t('admin.disableReason')}</label>
                  <Input
                    id="switch-reason"
                    value={switchReason}
                    onChange={(event) => setSwitchReason(event.target.value)}
                  />
                  <Space>
                    {(
                      [
                        [disableRoute, 'admin.disableAction', 'admin.disabled'],
                        [enableRoute, 'admin.enableAction', 'admin.enabled'],
                      ] as const
                    ).map(([route, label, done]) => (
                      <Button
                        key={route}
                        danger={label === 'admin.disableAction'}
                        onClick={async () => {
                          setSwitchError(null);
                          setSwitchDone(null);
                          try {
                            // Disabling is audited with its reason; enabling takes no body.
                            await postAccountRoute(
                              route,
                              switchUser.trim(),
                              route === disableRoute ? { reason: switchReason.trim() } : {},
                            );
                            setSwitchDone(`${t(done)}: ${switchUser.trim()}`);
                          } catch (failure) {
                            setSwitchError(failure);
                          }
                        }}
                      >
                        {t(label)}
                      </Button>
                    ))}
                  </Space>
                  {switchDone ? <Alert type="success" showIcon title={switchDone} /> : null}
                  <ProblemAlert error={switchError} />
                </Space>
              ) : (
                <Typography.Text type="secondary">{t('admin.noDisableRoute')}</Typography.Text>
              )}
            </Card>
            <Card size="small" title={t('admin.sync')}>
              <Button
                onClick={async () => {
                  setSyncError(null);
                  try {
                    const { data } = await call<{ changed: number }>(api.POST('/api/v1/auth/accounts/sync'));
                    setSynced(data.changed);
                  } catch (failure) {
                    setSyncError(failure);
                  }
                }}
              >
                {t('admin.sync')}
              </Button>
              {synced !== null ? (
                <Typography.Text style={{ marginInlineStart: 8 }}>
                  {t('admin.synced')} {synced}
                </Typography.Text>
              ) : null}
              <ProblemAlert error={syncError} />
            </Card>
          </Space>
        </Col>
      </Row>
    </Space>
  );
}
