import { Button, Card, Result, Segmented, Space, Steps, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { reportCase } from '../api/case-view';
import { openApiDocument } from '../api/openapi-document';
import { useApi } from '../api/use-api';
import { PageLoading } from '../components/page-loading';
import { ProblemAlert } from '../components/problem-alert';
import { GridPicker, SquadPicker } from '../components/registry-pickers';
import { ActionForm } from '../forms/action-form';
import { formFields, requestSchemaOf } from '../forms/openapi-schema';
import { SchemaForm } from '../forms/schema-form';
import { useI18n } from '../i18n/i18n';
import { hasRole, useUser } from '../session/session';

const TYPES = ['dispute', 'petition', 'enforcement'] as const;
type CaseType = (typeof TYPES)[number];

type Stage =
  | { step: 'report' }
  | { step: 'register'; caseId: string; gridId: string; revision: number }
  | { step: 'dispatch'; caseId: string; gridId: string; revision: number }
  | { step: 'done'; caseId: string };

/**
 * Intake: the report form generated from `POST /api/v1/cases`'s schema (the grid and squad picked
 * from the registry), then — for the centre, whose work it is — register and dispatch to a unit
 * picked from the registry tree. `compact` is the grid worker's phone-sized report form.
 */
export default function IntakePage({ compact = false }: { compact?: boolean }) {
  const { t, term } = useI18n();
  const user = useUser();
  const document = useApi(() => openApiDocument(), []);
  const [type, setType] = useState<CaseType>('dispute');
  const [stage, setStage] = useState<Stage>({ step: 'report' });
  const [error, setError] = useState<unknown>(null);
  const [round, setRound] = useState(0);
  const mayDispatch = hasRole(user, 'centre_operator');
  const ownGrid = user.scope?.kind === 'grid' ? (user.scope.id as string) : undefined;
  if (document.loading) return <PageLoading />;
  if (document.error) return <ProblemAlert error={document.error} />;
  const schema = requestSchemaOf(document.data!, '/api/v1/cases');
  const fields = schema ? formFields(document.data!, schema) : [];
  const otherTypes = TYPES.filter((other) => other !== type);
  const types = compact ? (['dispute'] as const) : TYPES;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%', maxWidth: compact ? 560 : 900 }}>
      <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
        {compact ? t('intake.reportTitle') : t('intake.title')}
      </Typography.Title>
      {mayDispatch && !compact ? (
        <Steps
          size="small"
          current={{ report: 0, register: 1, dispatch: 2, done: 3 }[stage.step]}
          items={[
            { title: t('intake.submit') },
            { title: term('action', 'register') },
            { title: term('action', 'dispatch') },
          ]}
        />
      ) : null}
      {stage.step === 'report' ? (
        <Card size="small">
          {types.length > 1 ? (
            <div style={{ marginBottom: 16 }}>
              <span id="intake-type-label" style={{ marginInlineEnd: 8 }}>
                {t('intake.type')}
              </span>
              <Segmented
                aria-labelledby="intake-type-label"
                value={type}
                onChange={(value) => setType(value as CaseType)}
                options={types.map((value) => ({ value, label: term('caseType', value) }))}
              />
            </div>
          ) : null}
          <SchemaForm
            key={`${type}:${round}`}
            testId="report-form"
            fields={fields}
            hidden={['type', 'level', 'location.lat', 'location.lng', 'location.buildingId', ...otherTypes]}
            fixed={{ type }}
            initialValues={{
              source: compact ? 'grid_patrol' : 'phone',
              urgency: 'general',
              location: { gridId: ownGrid },
            }}
            widgets={{
              'location.gridId': () => <GridPicker />,
              'enforcement.squadId': () => <SquadPicker />,
            }}
            submitLabel={t('intake.submit')}
            onSubmit={async (body) => {
              setError(null);
              try {
                const answer = await reportCase(body);
                const gridId = (body.location as { gridId: string }).gridId;
                setStage(
                  mayDispatch && !compact
                    ? { step: 'register', caseId: answer.caseId, gridId, revision: answer.revision }
                    : { step: 'done', caseId: answer.caseId },
                );
              } catch (failure) {
                setError(failure);
              }
            }}
          />
          <ProblemAlert error={error} />
        </Card>
      ) : null}
      {stage.step === 'register' || stage.step === 'dispatch' ? (
        <Card
          size="small"
          title={stage.step === 'register' ? t('intake.nextRegister') : t('intake.nextDispatch')}
          extra={<Link to={`/cases/${stage.caseId}`}>{t('intake.openCase')}</Link>}
        >
          <ActionForm
            key={stage.step}
            caseId={stage.caseId}
            action={stage.step}
            revision={stage.revision}
            gridId={stage.gridId}
            onReload={() => setStage({ step: 'done', caseId: stage.caseId })}
            onDone={(answer) =>
              setStage(
                stage.step === 'register'
                  ? {
                      step: 'dispatch',
                      caseId: stage.caseId,
                      gridId: stage.gridId,
                      revision: answer.revision,
                    }
                  : { step: 'done', caseId: stage.caseId },
              )
            }
          />
        </Card>
      ) : null}
      {stage.step === 'done' ? (
        <Result
          status="success"
          title={`${t('intake.reported')} ${stage.caseId.slice(0, 8)}`}
          extra={[
            <Link key="open" to={`/cases/${stage.caseId}`} data-testid="open-reported-case">
              {t('intake.openCase')}
            </Link>,
            <Button
              key="again"
              onClick={() => {
                setStage({ step: 'report' });
                setRound((value) => value + 1);
              }}
            >
              {t('intake.another')}
            </Button>,
          ]}
        />
      ) : null}
    </Space>
  );
}
