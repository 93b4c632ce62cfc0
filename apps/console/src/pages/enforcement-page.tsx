import { Card, Col, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { squadDashboard } from '../api/boards';
import { getCase, type CaseClock } from '../api/case-view';
import { listCases } from '../api/cases';
import { useApi } from '../api/use-api';
import { formatFen, formatInstant } from '../components/format';
import { ProblemAlert } from '../components/problem-alert';
import { SquadPicker } from '../components/registry-pickers';
import { useI18n } from '../i18n/i18n';
import { useUser } from '../session/session';

const STAGES = [
  'lead',
  'investigating',
  'under_review',
  'penalty_proposed',
  'notified',
  'hearing_requested',
  'hearing_scheduled',
  'heard',
  'decided',
  'awaiting_payment',
  'demanded',
  'court_enforcement',
  'paid',
  'executed',
  'no_penalty',
  'not_filed',
  'referred_out',
  'transferred',
  'archived',
];
/** The clocks a squad officer watches (行政处罚法): hearing request, service, payment, demand, court application, decision. */
const WATCHED = ['hearingRequest', 'payment', 'demand', 'courtApplication', 'service', 'decision'];

interface EnforcementRow {
  caseId: string;
  title: string;
  stage: string;
  clocks: CaseClock[];
}

/**
 * A squad's enforcement cases by procedural stage with their hearing and payment clocks: the squad
 * dashboard for the counts and fines, each open case's view for its stage and running limits.
 */
export default function EnforcementPage() {
  const { t, term } = useI18n();
  const user = useUser();
  const ownSquad = user.scope?.kind === 'squad' ? (user.scope.id as string) : undefined;
  const [squadId, setSquadId] = useState<string | undefined>(ownSquad);
  const dashboard = useApi(() => (squadId ? squadDashboard(squadId) : Promise.resolve(undefined)), [squadId]);
  const cases = useApi(async () => {
    const page = await listCases({ type: 'enforcement', ...(squadId ? { squadId } : {}) }, null);
    const views = await Promise.all(page.items.map((item) => getCase(item.caseId)));
    return views.map(({ view }) => ({
      caseId: view.caseId,
      title: String(view.state.title),
      stage: String(view.state.details?.stage ?? view.state.status),
      clocks: view.clocks.filter((clock) => WATCHED.includes(clock.name)),
    }));
  }, [squadId]);
  const rows = [...(cases.data ?? [])].sort((a, b) => STAGES.indexOf(a.stage) - STAGES.indexOf(b.stage));
  const counts = dashboard.data?.byStage ?? {};
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
        {t('menu.enforcement')}
      </Typography.Title>
      {!ownSquad ? (
        <div style={{ maxWidth: 420 }}>
          <label htmlFor="squad-choice">{t('enforcement.squad')}</label>
          <SquadPicker id="squad-choice" value={squadId} onChange={setSquadId} />
        </div>
      ) : null}
      <ProblemAlert error={dashboard.error ?? cases.error} />
      {dashboard.data ? (
        <Row gutter={[12, 12]} data-testid="squad-figures">
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic title={t('enforcement.cases')} value={dashboard.data.total} />
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic title={t('enforcement.decisionClock')} value={dashboard.data.decisionClockRunning} />
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic title={t('enforcement.decisionOverdue')} value={dashboard.data.overdue} />
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic
                title={`${t('enforcement.fines')} · ${t('enforcement.collected')} / ${t('enforcement.imposed')}`}
                value={`${formatFen(dashboard.data.fines.collectedFen)} / ${formatFen(dashboard.data.fines.imposedFen)}`}
              />
            </Card>
          </Col>
        </Row>
      ) : null}
      <Card size="small" title={t('enforcement.byStage')}>
        <Space wrap data-testid="stage-counts">
          {STAGES.filter((stage) => (counts[stage] ?? 0) > 0 || rows.some((row) => row.stage === stage)).map(
            (stage) => (
              <Tag key={stage} color="purple">
                {term('stage', stage)} {counts[stage] ?? rows.filter((row) => row.stage === stage).length}
              </Tag>
            ),
          )}
        </Space>
      </Card>
      <Table<EnforcementRow>
        size="small"
        rowKey="caseId"
        loading={cases.loading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 800 }}
        data-testid="enforcement-table"
        columns={[
          {
            title: t('cases.title'),
            dataIndex: 'title',
            render: (title: string, row) => <Link to={`/cases/${row.caseId}`}>{title}</Link>,
          },
          {
            title: t('enforcement.byStage'),
            dataIndex: 'stage',
            render: (stage: string) => <Tag color="purple">{term('stage', stage)}</Tag>,
          },
          {
            title: t('enforcement.clocks'),
            dataIndex: 'clocks',
            render: (clocks: CaseClock[]) =>
              clocks.length === 0
                ? '—'
                : clocks.map((clock) => (
                    <div key={clock.name}>
                      {term('deadline', clock.name)}: {formatInstant(clock.dueAt)}{' '}
                      {clock.overdue ? (
                        <Tag color="red">{t('case.overdueBy')}</Tag>
                      ) : (
                        <Tag>
                          {t('case.daysLeft')} {clock.daysLeft}
                        </Tag>
                      )}
                    </div>
                  )),
          },
        ]}
      />
    </Space>
  );
}
