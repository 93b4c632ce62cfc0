import { Badge, Card, Col, Empty, List, Row, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { escalationBoard } from '../api/boards';
import { useApi } from '../api/use-api';
import { formatInstant } from '../components/format';
import { ProblemAlert } from '../components/problem-alert';
import { useI18n } from '../i18n/i18n';

const LEVELS = ['community', 'street', 'district'];

/** Open escalations in one column per level they climbed to (社区 → 街道 → 区). */
export default function EscalationBoardPage() {
  const { t, term } = useI18n();
  const board = useApi(() => escalationBoard(), []);
  const levels = [...new Set([...LEVELS, ...Object.keys(board.data ?? {})])].filter(
    (level) => level !== 'building',
  );
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
        {t('menu.escalations')}
      </Typography.Title>
      <ProblemAlert error={board.error} />
      <Row gutter={[12, 12]}>
        {levels.map((level) => {
          const items = board.data?.[level] ?? [];
          return (
            <Col xs={24} md={8} key={level}>
              <Card
                size="small"
                loading={board.loading}
                data-testid={`board-${level}`}
                title={
                  <Space>
                    {t('board.level')} {term('level', level)}
                    <Badge count={items.length} showZero color="#1554ad" />
                  </Space>
                }
              >
                {items.length === 0 ? (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('board.empty')} />
                ) : (
                  <List
                    size="small"
                    dataSource={items}
                    renderItem={(item) => (
                      <List.Item key={item.caseId}>
                        <List.Item.Meta
                          title={<Link to={`/cases/${item.caseId}`}>{item.title}</Link>}
                          description={
                            <span>
                              <Tag>{term('caseType', item.type)}</Tag>
                              {term('trigger', item.trigger)} · {t('board.from')}{' '}
                              {term('level', item.fromLevel)} · {formatInstant(item.escalatedAt)}
                              {item.newDeadlineAt
                                ? ` · ${t('board.newDeadline')} ${formatInstant(item.newDeadlineAt)}`
                                : ''}
                            </span>
                          }
                        />
                      </List.Item>
                    )}
                  />
                )}
              </Card>
            </Col>
          );
        })}
      </Row>
    </Space>
  );
}
