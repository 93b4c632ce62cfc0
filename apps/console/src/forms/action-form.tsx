import { Alert, Space } from 'antd';
import { useState } from 'react';
import { runCaseAction, type CommandAnswer } from '../api/case-view';
import { openApiDocument } from '../api/openapi-document';
import { useApi } from '../api/use-api';
import { ProblemAlert } from '../components/problem-alert';
import { PageLoading } from '../components/page-loading';
import { UnitPicker } from '../components/registry-pickers';
import { useI18n } from '../i18n/i18n';
import { formFields, requestSchemaOf } from './openapi-schema';
import { SchemaForm, type Widget } from './schema-form';

/**
 * The form of one case action, generated from that action's request schema in the OpenAPI document
 * the API serves; units are picked from the registry tree. Sent with If-Match (the revision shown),
 * so a case someone else changed meanwhile answers 412 and the user is offered a reload.
 */
export function ActionForm({
  caseId,
  action,
  revision,
  gridId,
  onDone,
  onReload,
}: {
  caseId: string;
  action: string;
  revision: number | undefined;
  gridId?: string;
  onDone(answer: CommandAnswer): void;
  onReload(): void;
}) {
  const { t, term } = useI18n();
  const document = useApi(() => openApiDocument(), []);
  const [error, setError] = useState<unknown>(null);
  if (document.loading) return <PageLoading />;
  if (document.error) return <ProblemAlert error={document.error} />;
  const schema = requestSchemaOf(document.data!, `/api/v1/cases/{caseId}/${action}`);
  const fields = schema ? formFields(document.data!, schema) : [];
  const unitWidget: Widget = () => <UnitPicker gridId={gridId} />;
  return (
    <div data-testid={`action-form-${action}`}>
      <Space direction="vertical" style={{ width: '100%' }}>
        {!schema ? <Alert type="info" showIcon title={t('case.noSchema')} /> : null}
        <SchemaForm
          fields={fields}
          widgets={{ unit: unitWidget, toUnit: unitWidget }}
          submitLabel={`${term('action', action)}`}
          onSubmit={async (body) => {
            setError(null);
            try {
              onDone(await runCaseAction(caseId, action, body, revision));
            } catch (failure) {
              setError(failure);
            }
          }}
        />
        <ProblemAlert error={error} onReload={onReload} />
      </Space>
    </div>
  );
}
