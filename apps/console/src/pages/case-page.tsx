import { Button, Card, Descriptions, Empty, Space, Table, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { getCase, getHistory, type CaseClock, type HistoryEntry } from '../api/case-view';
import { useApi } from '../api/use-api';
import { eventWords } from '../components/event-words';
import { formatInstant } from '../components/format';
import { PageLoading } from '../components/page-loading';
import { ProblemAlert } from '../components/problem-alert';
import { ActionForm } from '../forms/action-form';
import { CaseAttachments } from './case-attachments';
import { useI18n } from '../i18n/i18n';
import { hasRole, useUser } from '../session/session';

/** Who did it, as the history names them (names once the API gives them, else the account id). */
export function actorOf(entry: HistoryEntry, system: string): string {
  if (entry.actorDisplayName) return entry.actorDisplayName;
  if (entry.actorName) return entry.actorName;
  if (!entry.actor || entry.actor === 'system' || entry.actor.startsWith('system')) return system;
  return entry.actor.slice(0, 8);
}

export default function CasePage() {
  const { caseId = '' } = useParams();
  const { t, term, language } = useI18n();
  const user = useUser();
  const current = useApi(() => getCase(caseId), [caseId]);
  const history = useApi(() => getHistory(caseId), [caseId]);
  const [action, setAction] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const reload = () => {
    setAction(null);
    current.reload();
    history.reload();
  };
  if (current.loading && !current.data) return <PageLoading />;
  if (current.error && !current.data) return <ProblemAlert error={current.error} />;
  const { view, revision } = current.data!;
  const state = view.state;
  const stage = state.details?.stage as string | undefined;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap align="center">
        <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }} data-testid="case-title">
          {state.title}
        </Typography.Title>
        <Tag>{term('caseType', state.caseType)}</Tag>
        <Tag color="blue" data-testid="case-status">
          {term('status', state.status)}
        </Tag>
        {stage ? <Tag color="purple">{term('stage', stage)}</Tag> : null}
        <Tag>{term('level', state.level)}</Tag>
        {view.clocks.some((clock) => clock.overdue) ? <Tag color="red">{t('case.overdueBy')}</Tag> : null}
        <Button size="small" onClick={reload}>
          {t('common.refresh')}
        </Button>
        {hasRole(user, 'analyst', 'centre_operator', 'administrator') ? (
          <Link to={`/replay/${caseId}`}>{t('case.replay')}</Link>
        ) : null}
      </Space>
      {done ? (
        <Typography.Text type="success" data-testid="action-done">
          {t('case.done')}: {term('action', done)}
        </Typography.Text>
      ) : null}
      <Card size="small" title={t('case.summary')}>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
          <Descriptions.Item label={t('case.unit')}>
            <span data-testid="case-unit">{state.unit?.name ?? state.unit?.unitId ?? '—'}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('case.urgency')}>{term('urgency', state.urgency)}</Descriptions.Item>
          <Descriptions.Item label={t('case.revision')}>{revision}</Descriptions.Item>
          <Descriptions.Item label={t('cases.updatedAt')}>
            {formatInstant(state.lastChangedAt)}
          </Descriptions.Item>
          <Descriptions.Item label={t('case.grid')}>
            {state.location?.address ?? state.location?.gridId?.slice(0, 8)}
          </Descriptions.Item>
          <Descriptions.Item label={t('fieldset.description')}>{state.description}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title={t('case.deadlines')}>
        <DeadlineTable clocks={view.clocks} />
      </Card>
      <Card size="small" title={t('case.actions')} data-testid="case-actions">
        {view.allowedActions === undefined ? (
          <Typography.Text type="secondary">{t('case.actionsUnknown')}</Typography.Text>
        ) : view.allowedActions.length === 0 ? (
          <Typography.Text type="secondary">{t('case.noActions')}</Typography.Text>
        ) : (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Space wrap>
              {view.allowedActions.map((name) => (
                <Button
                  key={name}
                  type={name === action ? 'primary' : 'default'}
                  onClick={() => setAction(name === action ? null : name)}
                  data-testid={`action-${name}`}
                >
                  {term('action', name)}
                </Button>
              ))}
            </Space>
            {action ? (
              <ActionForm
                key={`${action}:${revision}`}
                caseId={caseId}
                action={action}
                revision={revision}
                gridId={state.location?.gridId}
                onReload={reload}
                onDone={() => {
                  setDone(action);
                  reload();
                }}
              />
            ) : null}
          </Space>
        )}
      </Card>
      <CaseAttachments
        caseId={caseId}
        revision={revision}
        mayUpload={hasRole(
          user,
          'centre_operator',
          'street_staff',
          'community_staff',
          'grid_worker',
          'squad_officer',
        )}
        onUploaded={reload}
      />
      <Card size="small" title={t('case.timeline')}>
        <ProblemAlert error={history.error} />
        <Timeline
          data-testid="timeline"
          items={(history.data ?? []).map((entry) => ({
            key: entry.revision,
            children: (
              <div>
                <Typography.Text strong>{actorOf(entry, t('case.system'))}</Typography.Text>{' '}
                {eventWords(language, entry.type, entry.data)}
                <br />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('case.occurredAt')} {formatInstant(entry.occurredAt)} · {t('case.recordedAt')}{' '}
                  {formatInstant(entry.recordedAt)} · #{entry.revision}
                </Typography.Text>
              </div>
            ),
          }))}
        />
      </Card>
    </Space>
  );
}

export function DeadlineTable({ clocks }: { clocks: readonly CaseClock[] }) {
  const { t, term } = useI18n();
  if (clocks.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('common.none')} />;
  return (
    <Table<CaseClock>
      size="small"
      rowKey="name"
      pagination={false}
      dataSource={[...clocks]}
      scroll={{ x: 700 }}
      data-testid="deadlines"
      columns={[
        { title: t('case.deadline'), dataIndex: 'name', render: (name: string) => term('deadline', name) },
        { title: t('case.dueAt'), dataIndex: 'dueAt', render: (value: string) => formatInstant(value) },
        {
          title: t('case.daysLeft'),
          dataIndex: 'daysLeft',
          render: (days: number, clock) =>
            clock.overdue ? (
              <Tag color="red">
                {t('case.overdueBy')} {Math.abs(days)}
              </Tag>
            ) : (
              days
            ),
        },
        {
          title: t('case.basis'),
          dataIndex: 'basis',
          render: (basis: CaseClock['basis']) =>
            basis ? [basis.law, basis.article, basis.note].filter(Boolean).join(' ') : '—',
        },
        {
          title: t('case.counting'),
          dataIndex: 'counting',
          render: (counting: CaseClock['counting']) => (
            <span>
              {counting?.explanation ?? '—'}
              {counting?.provisional ? (
                <Tag color="orange" style={{ marginInlineStart: 4, color: '#873800' }}>
                  {t('case.provisional')}
                </Tag>
              ) : null}
            </span>
          ),
        },
      ]}
    />
  );
}
