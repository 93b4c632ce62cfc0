import { Button, Space, Table, Tag, Typography } from 'antd';
import { api, call } from '../api/client';
import { useApi } from '../api/use-api';
import { formatInstant } from '../components/format';
import { ProblemAlert } from '../components/problem-alert';
import { useI18n } from '../i18n/i18n';

interface ProjectionView {
  name: string;
  version: number;
  state: string;
  checkpoint: string;
  lagEvents: number;
  lagEventsCapped?: boolean;
  lagSeconds: number;
  lastError: string | null;
  parkedEvents: number;
  updatedAt: string | null;
}

const STATE_COLOURS: Record<string, string> = {
  running: 'green',
  caught_up: 'green',
  failing: 'red',
  parked: 'orange',
  rebuilding: 'blue',
};

/** Each read model's state, checkpoint and lag behind the event log (GET /api/v1/projections). */
export default function ProjectionsPage() {
  const { t } = useI18n();
  const projections = useApi(
    async () => (await call<{ items: ProjectionView[] }>(api.GET('/api/v1/projections'))).data.items,
    [],
  );
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space>
        <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
          {t('menu.projections')}
        </Typography.Title>
        <Button size="small" onClick={projections.reload}>
          {t('common.refresh')}
        </Button>
      </Space>
      <ProblemAlert error={projections.error} />
      <Table<ProjectionView>
        size="small"
        rowKey="name"
        loading={projections.loading}
        dataSource={projections.data ?? []}
        pagination={false}
        scroll={{ x: 800 }}
        data-testid="projection-table"
        columns={[
          {
            title: t('admin.projection'),
            dataIndex: 'name',
            render: (name: string, row) => `${name} v${row.version}`,
          },
          {
            title: t('admin.state'),
            dataIndex: 'state',
            render: (state: string) => <Tag color={STATE_COLOURS[state]}>{state}</Tag>,
          },
          { title: t('admin.checkpoint'), dataIndex: 'checkpoint' },
          {
            title: t('admin.lagEvents'),
            dataIndex: 'lagEvents',
            render: (lag: number, row) => `${lag}${row.lagEventsCapped ? '+' : ''}`,
          },
          { title: t('admin.lagSeconds'), dataIndex: 'lagSeconds' },
          { title: t('admin.parked'), dataIndex: 'parkedEvents' },
          {
            title: t('admin.lastError'),
            dataIndex: 'lastError',
            render: (error: string | null) => error ?? '—',
          },
          {
            title: t('cases.updatedAt'),
            dataIndex: 'updatedAt',
            render: (value: string | null) => formatInstant(value),
          },
        ]}
      />
    </Space>
  );
}
