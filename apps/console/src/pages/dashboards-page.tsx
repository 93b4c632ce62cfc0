import { Card, Col, Row, Segmented, Space, Statistic, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { gridDashboard, squadDashboard } from '../api/boards';
import { useApi } from '../api/use-api';
import { AsOfPicker } from '../components/as-of-picker';
import { EChart, type ChartOption } from '../components/echart';
import { formatFen, formatRate } from '../components/format';
import { ProblemAlert } from '../components/problem-alert';
import { GridPicker, SquadPicker } from '../components/registry-pickers';
import { useI18n } from '../i18n/i18n';
import { useUser } from '../session/session';

/** Grid and squad dashboards as of any date, as ECharts charts with the same numbers in tables. */
export default function DashboardsPage() {
  const { t } = useI18n();
  const user = useUser();
  const ownGrid = user.scope?.kind === 'grid' ? (user.scope.id as string) : undefined;
  const ownSquad = user.scope?.kind === 'squad' ? (user.scope.id as string) : undefined;
  const [kind, setKind] = useState<'grid' | 'squad'>(ownSquad ? 'squad' : 'grid');
  const [gridId, setGridId] = useState<string | undefined>(ownGrid);
  const [squadId, setSquadId] = useState<string | undefined>(ownSquad);
  const [asOf, setAsOf] = useState<string | undefined>();
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
        {t('menu.dashboards')}
      </Typography.Title>
      <Space wrap align="center">
        {!ownGrid && !ownSquad ? (
          <Segmented
            aria-label={t('menu.dashboards')}
            value={kind}
            onChange={(value) => setKind(value as 'grid' | 'squad')}
            options={[
              { value: 'grid', label: t('dash.grid') },
              { value: 'squad', label: t('dash.squad') },
            ]}
          />
        ) : null}
        {kind === 'grid' && !ownGrid ? (
          <div style={{ minWidth: 280 }}>
            <label htmlFor="dashboard-grid">{t('dash.pickGrid')}</label>
            <GridPicker id="dashboard-grid" value={gridId} onChange={setGridId} />
          </div>
        ) : null}
        {kind === 'squad' && !ownSquad ? (
          <div style={{ minWidth: 280 }}>
            <label htmlFor="dashboard-squad">{t('enforcement.squad')}</label>
            <SquadPicker id="dashboard-squad" value={squadId} onChange={setSquadId} />
          </div>
        ) : null}
        <div>
          <label htmlFor="dashboard-as-of">{t('common.asOf')}</label>{' '}
          <AsOfPicker id="dashboard-as-of" value={asOf} onChange={setAsOf} />
        </div>
      </Space>
      <Typography.Text type="secondary">{t('dash.asOfHint')}</Typography.Text>
      {kind === 'grid' && gridId ? <GridFigures gridId={gridId} asOf={asOf} /> : null}
      {kind === 'squad' && squadId ? <SquadFigures squadId={squadId} asOf={asOf} /> : null}
    </Space>
  );
}

interface GridFiguresAnswer {
  total: number;
  open: number;
  overdue: number;
  escalated: number;
  score: number | null;
  rates: Record<string, number | null>;
  byTypeAndStatus: Array<{ type: string; status: string; count: number }>;
}

function GridFigures({ gridId, asOf }: { gridId: string; asOf?: string }) {
  const { t, term } = useI18n();
  const answer = useApi(
    () => gridDashboard(gridId, asOf) as unknown as Promise<GridFiguresAnswer>,
    [gridId, asOf],
  );
  const data = answer.data;
  const option = useMemo<ChartOption | null>(() => {
    if (!data) return null;
    const statuses = [...new Set(data.byTypeAndStatus.map((row) => row.status))];
    const types = [...new Set(data.byTypeAndStatus.map((row) => row.type))];
    return {
      tooltip: { trigger: 'axis' },
      legend: { data: types.map((type) => term('caseType', type)) },
      grid: { left: 40, right: 16, bottom: 40, top: 40 },
      xAxis: { type: 'category', data: statuses.map((status) => term('status', status)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: types.map((type) => ({
        name: term('caseType', type),
        type: 'bar',
        stack: 'cases',
        data: statuses.map(
          (status) =>
            data.byTypeAndStatus.find((row) => row.type === type && row.status === status)?.count ?? 0,
        ),
      })),
    };
  }, [data, term]);
  if (answer.error) return <ProblemAlert error={answer.error} />;
  if (!data) return <Card loading />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="grid-dashboard">
      <Row gutter={[12, 12]}>
        {(
          [
            ['dash.total', data.total],
            ['dash.open', data.open],
            ['dash.overdue', data.overdue],
            ['dash.escalated', data.escalated],
            ['dash.score', data.score === null ? '—' : data.score.toFixed(3)],
          ] as const
        ).map(([label, value]) => (
          <Col xs={12} md={4} key={label}>
            <Card size="small">
              <Statistic title={t(label)} value={value} />
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('dash.byStatus')}>
            {option ? <EChart option={option} label={t('dash.byStatus')} testId="grid-chart" /> : null}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('dash.rates')}>
            <Table
              size="small"
              pagination={false}
              rowKey="name"
              dataSource={Object.entries(data.rates).map(([name, value]) => ({ name, value }))}
              columns={[
                { title: t('dash.rates'), dataIndex: 'name', render: (name: string) => term('rate', name) },
                { title: '%', dataIndex: 'value', render: (value: number | null) => formatRate(value) },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Table
        size="small"
        pagination={false}
        rowKey={(row) => `${row.type}:${row.status}`}
        dataSource={data.byTypeAndStatus}
        columns={[
          { title: t('cases.type'), dataIndex: 'type', render: (value: string) => term('caseType', value) },
          { title: t('cases.status'), dataIndex: 'status', render: (value: string) => term('status', value) },
          { title: t('dash.count'), dataIndex: 'count' },
        ]}
      />
    </Space>
  );
}

function SquadFigures({ squadId, asOf }: { squadId: string; asOf?: string }) {
  const { t, term } = useI18n();
  const answer = useApi(() => squadDashboard(squadId, asOf), [squadId, asOf]);
  const data = answer.data;
  const stages = useMemo(() => Object.entries(data?.byStage ?? {}).filter(([, count]) => count > 0), [data]);
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 40, right: 16, bottom: 60, top: 20 },
      xAxis: {
        type: 'category',
        data: stages.map(([stage]) => term('stage', stage)),
        axisLabel: { rotate: 30 },
      },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', name: t('dash.count'), data: stages.map(([, count]) => count) }],
    }),
    [stages, t, term],
  );
  if (answer.error) return <ProblemAlert error={answer.error} />;
  if (!data) return <Card loading />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="squad-dashboard">
      <Row gutter={[12, 12]}>
        {(
          [
            ['dash.total', data.total],
            ['enforcement.decisionClock', data.decisionClockRunning],
            ['enforcement.decisionOverdue', data.overdue],
            ['enforcement.imposed', formatFen(data.fines.imposedFen)],
            ['enforcement.collected', formatFen(data.fines.collectedFen)],
            ['enforcement.outstanding', formatFen(data.fines.outstandingFen)],
          ] as const
        ).map(([label, value]) => (
          <Col xs={12} md={4} key={label}>
            <Card size="small">
              <Statistic title={t(label)} value={value} />
            </Card>
          </Col>
        ))}
      </Row>
      <Card size="small" title={t('dash.byStage')}>
        <EChart option={option} label={t('dash.byStage')} testId="squad-chart" />
        <Table
          size="small"
          pagination={false}
          rowKey={([stage]) => stage}
          dataSource={stages}
          columns={[
            { title: t('enforcement.byStage'), render: (_value, [stage]) => term('stage', stage) },
            { title: t('dash.count'), render: (_value, [, count]) => count },
          ]}
        />
      </Card>
    </Space>
  );
}
