import { Button, Card, DatePicker, Select, Space, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { assessments, type AssessedUnit, type AssessmentQuery } from '../api/assessments';
import { useApi } from '../api/use-api';
import { AsOfPicker } from '../components/as-of-picker';
import { downloadText, toCsv } from '../components/csv';
import { EChart, type ChartOption } from '../components/echart';
import { formatRate } from '../components/format';
import { ProblemAlert } from '../components/problem-alert';
import { useI18n } from '../i18n/i18n';

const LEVELS: AssessmentQuery['level'][] = ['grid', 'community', 'street', 'district', 'squad'];
const UNIT_RATES = ['response', 'resolution', 'satisfaction', 'closure', 'onTimeClosure', 'rework'];
const SQUAD_RATES = ['screening', 'onTimeDecision', 'extension', 'collection'];

export function unitName(unit: AssessedUnit): string {
  return String(unit.unitName ?? unit.name ?? unit.team ?? unit.unitId ?? unit.squadId ?? '—');
}

/** Assessment rankings per grid, community, street, district or squad over months, as of any date. */
export default function AssessmentsPage() {
  const { t, term } = useI18n();
  const [level, setLevel] = useState<AssessmentQuery['level']>('grid');
  const [months, setMonths] = useState<[Dayjs, Dayjs]>([dayjs().subtract(5, 'month'), dayjs()]);
  const [asOf, setAsOf] = useState<string | undefined>();
  const query: AssessmentQuery = {
    level,
    from: months[0].format('YYYY-MM'),
    to: months[1].format('YYYY-MM'),
    asOf,
  };
  const answer = useApi(() => assessments(query), [JSON.stringify(query)]);
  const rates = level === 'squad' ? SQUAD_RATES : UNIT_RATES;
  const ranked = useMemo(
    () => [...(answer.data ?? [])].sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity)),
    [answer.data],
  );
  const option = useMemo<ChartOption>(() => {
    const top = ranked.filter((unit) => unit.score !== null).slice(0, 20);
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 160, right: 24, top: 10, bottom: 24 },
      xAxis: { type: 'value', max: 1 },
      yAxis: { type: 'category', inverse: true, data: top.map(unitName) },
      series: [{ type: 'bar', name: t('dash.score'), data: top.map((unit) => unit.score) }],
    };
  }, [ranked, t]);
  const exportCsv = () => {
    const header = [
      t('assess.rank'),
      t('assess.unit'),
      t('dash.score'),
      ...rates.map((rate) => term('rate', rate)),
    ];
    const rows = ranked.map((unit) => [
      unit.rank,
      unitName(unit),
      unit.score,
      ...rates.map((rate) => unit.rates?.[rate]),
    ]);
    downloadText(
      `assessments-${level}-${query.from}-${query.to}${asOf ? `-asof-${asOf}` : ''}.csv`,
      toCsv(header, rows),
    );
  };
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
        {t('menu.assessments')}
      </Typography.Title>
      <Space wrap align="end">
        <div>
          <label htmlFor="assess-level">{t('assess.level')}</label>
          <br />
          <Select
            id="assess-level"
            value={level}
            onChange={setLevel}
            style={{ width: 140 }}
            options={LEVELS.map((value) => ({ value, label: term('level', value) }))}
          />
        </div>
        <div>
          <label htmlFor="assess-months">
            {t('assess.from')} – {t('assess.to')}
          </label>
          <br />
          <DatePicker.RangePicker
            id={{ start: 'assess-months' }}
            picker="month"
            value={months}
            allowClear={false}
            onChange={(range) => range?.[0] && range[1] && setMonths([range[0], range[1]])}
          />
        </div>
        <div>
          <label htmlFor="assess-as-of">{t('common.asOf')}</label>
          <br />
          <AsOfPicker id="assess-as-of" value={asOf} onChange={setAsOf} />
        </div>
        <Button onClick={exportCsv} disabled={!ranked.length} data-testid="export-assessments">
          {t('common.export')} CSV
        </Button>
      </Space>
      <ProblemAlert error={answer.error} />
      <Card size="small" title={t('assess.chart')} loading={answer.loading}>
        <EChart
          option={option}
          label={t('assess.chart')}
          height={Math.max(200, Math.min(20, ranked.length) * 24 + 48)}
          testId="assessment-chart"
        />
      </Card>
      <Table<AssessedUnit>
        size="small"
        rowKey={(unit) => String(unit.unitId ?? unit.squadId)}
        loading={answer.loading}
        dataSource={ranked}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 900 }}
        data-testid="assessment-table"
        columns={[
          { title: t('assess.rank'), dataIndex: 'rank', render: (rank: number | null) => rank ?? '—' },
          { title: t('assess.unit'), render: (_value, unit) => unitName(unit) },
          {
            title: t('dash.score'),
            dataIndex: 'score',
            render: (score: number | null) => (score === null ? '—' : score.toFixed(3)),
          },
          ...rates.map((rate) => ({
            title: term('rate', rate),
            render: (_value: unknown, unit: AssessedUnit) => formatRate(unit.rates?.[rate]),
          })),
        ]}
      />
    </Space>
  );
}
