import { Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { overdueCases, type OverdueCase } from '../api/boards';
import { useApi } from '../api/use-api';
import { formatInstant } from '../components/format';
import { ProblemAlert } from '../components/problem-alert';
import { useI18n } from '../i18n/i18n';

/** Open cases whose nearest limit has passed, most overdue first. */
export default function OverduePage() {
  const { t, term } = useI18n();
  const overdue = useApi(() => overdueCases(), []);
  const duration = (seconds: number) =>
    seconds >= 86_400
      ? `${Math.floor(seconds / 86_400)} ${t('overdue.days')}`
      : `${Math.floor(seconds / 3_600)} ${t('overdue.hours')}`;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
        {t('menu.overdue')}
      </Typography.Title>
      <ProblemAlert error={overdue.error} />
      <Table<OverdueCase>
        size="small"
        rowKey="caseId"
        loading={overdue.loading}
        dataSource={overdue.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 800 }}
        data-testid="overdue-table"
        columns={[
          {
            title: t('cases.title'),
            dataIndex: 'title',
            render: (title: string, row) => <Link to={`/cases/${row.caseId}`}>{title}</Link>,
          },
          { title: t('cases.type'), dataIndex: 'type', render: (value: string) => term('caseType', value) },
          { title: t('cases.status'), dataIndex: 'status', render: (value: string) => term('status', value) },
          { title: t('cases.level'), dataIndex: 'level', render: (value: string) => term('level', value) },
          {
            title: t('overdue.deadline'),
            dataIndex: 'deadlineKind',
            render: (value: string) => term('deadline', value),
          },
          { title: t('case.dueAt'), dataIndex: 'dueAt', render: (value: string) => formatInstant(value) },
          {
            title: t('overdue.by'),
            dataIndex: 'overdueSeconds',
            render: (seconds: number) => <Tag color="red">{duration(seconds)}</Tag>,
          },
        ]}
      />
    </Space>
  );
}
