import { Button, Card, Form, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { listCases, type CaseFilter, type CaseListItem } from '../api/cases';
import { ProblemAlert } from '../components/problem-alert';
import { formatInstant } from '../components/format';
import { useI18n } from '../i18n/i18n';
import { CaseExport } from './case-export';

const TYPES = ['dispute', 'petition', 'enforcement'];
const STATUSES = [
  'reported',
  'registered',
  'dispatched',
  'accepted',
  'in_progress',
  'resolved',
  'verified',
  'closed',
  'followed_up',
  'parked',
  'referred_out',
  'rejected',
];
const LEVELS = ['building', 'community', 'street', 'district'];
const FILTER_NAMES = ['type', 'status', 'level', 'overdue'] as const;

/** Case list: filters kept in the address (so back and reload keep them), cursor paging. */
export default function CaseListPage() {
  const { t, term } = useI18n();
  const [params, setParams] = useSearchParams();
  const filter: CaseFilter = Object.fromEntries(
    FILTER_NAMES.map((name) => [name, params.get(name) ?? undefined]).filter(([, value]) => value),
  );
  const filterKey = JSON.stringify(filter);
  const [rows, setRows] = useState<CaseListItem[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);

  const load = async (after: string | null) => {
    setLoading(true);
    setError(null);
    try {
      const page = await listCases(JSON.parse(filterKey) as CaseFilter, after);
      setRows((previous) => (after ? [...previous, ...page.items] : page.items));
      setCursor(page.nextCursor);
    } catch (failure) {
      setError(failure);
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => {
    void load(null);
  }, [filterKey]);

  const setFilter = (values: CaseFilter) => {
    const next = new URLSearchParams();
    for (const name of FILTER_NAMES) if (values[name]) next.set(name, values[name]!);
    setParams(next);
  };
  const options = (group: string, values: string[]) =>
    values.map((value) => ({ value, label: term(group, value) }));

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
        {t('menu.cases')}
      </Typography.Title>
      <Card size="small">
        <Form layout="inline" initialValues={filter} onFinish={setFilter} key={filterKey}>
          <Form.Item label={t('cases.type')} name="type">
            <Select allowClear style={{ width: 140 }} options={options('caseType', TYPES)} />
          </Form.Item>
          <Form.Item label={t('cases.status')} name="status">
            <Select allowClear style={{ width: 140 }} options={options('status', STATUSES)} />
          </Form.Item>
          <Form.Item label={t('cases.level')} name="level">
            <Select allowClear style={{ width: 120 }} options={options('level', LEVELS)} />
          </Form.Item>
          <Form.Item label={t('cases.overdue')} name="overdue">
            <Select
              allowClear
              style={{ width: 100 }}
              options={[
                { value: 'true', label: t('common.yes') },
                { value: 'false', label: t('common.no') },
              ]}
            />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">
              {t('common.search')}
            </Button>
            <Button onClick={() => setFilter({})}>{t('common.reset')}</Button>
          </Space>
        </Form>
        <div style={{ marginTop: 12 }}>
          <CaseExport filter={filter} />
        </div>
      </Card>
      <ProblemAlert error={error} />
      <Table<CaseListItem>
        rowKey="caseId"
        size="small"
        loading={loading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 900 }}
        columns={[
          {
            title: t('cases.title'),
            dataIndex: 'title',
            render: (title: string, row) => (
              <Link to={`/cases/${row.caseId}`}>{title || row.caseId.slice(0, 8)}</Link>
            ),
          },
          { title: t('cases.type'), dataIndex: 'type', render: (value: string) => term('caseType', value) },
          {
            title: t('cases.status'),
            dataIndex: 'status',
            render: (value: string, row) => (
              <Space size={4}>
                {term('status', value)}
                {row.overdue ? <Tag color="red">{t('cases.overdueTag')}</Tag> : null}
                {row.riskFlagged ? (
                  <Tag color="orange" style={{ color: '#873800' }}>
                    {t('cases.riskTag')}
                  </Tag>
                ) : null}
              </Space>
            ),
          },
          { title: t('cases.level'), dataIndex: 'level', render: (value: string) => term('level', value) },
          {
            title: t('cases.handlingUnit'),
            dataIndex: 'handlingUnit',
            render: (unit: CaseListItem['handlingUnit']) => unit?.name ?? unit?.unitId.slice(0, 8) ?? '—',
          },
          {
            title: t('cases.nextDeadline'),
            dataIndex: 'nextDeadline',
            render: (deadline: CaseListItem['nextDeadline']) =>
              deadline ? formatInstant(deadline.dueAt) : '—',
          },
          {
            title: t('cases.updatedAt'),
            dataIndex: 'updatedAt',
            render: (value: string) => formatInstant(value),
          },
        ]}
      />
      {cursor ? (
        <Button onClick={() => void load(cursor)} loading={loading}>
          {t('common.more')}
        </Button>
      ) : null}
    </Space>
  );
}
