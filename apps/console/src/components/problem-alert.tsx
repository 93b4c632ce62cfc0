import { Alert, Button, Typography } from 'antd';
import { ApiProblem, NETWORK_FAILURE } from '../api/problem';
import { useI18n } from '../i18n/i18n';

/**
 * An API refusal in plain words: what went wrong, the stable code (for the help desk), the fields to
 * fix, and for a case someone else changed (409/412) a button that reloads it.
 */
export function ProblemAlert({ error, onReload }: { error: unknown; onReload?: () => void }) {
  const { t } = useI18n();
  if (!error) return null;
  const problem =
    error instanceof ApiProblem
      ? error
      : new ApiProblem(0, 'CONSOLE.ERROR', (error as Error).message ?? String(error));
  const words =
    problem.code === NETWORK_FAILURE
      ? t('problem.network')
      : problem.isStale
        ? t('problem.conflict')
        : problem.detail;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid="problem"
      data-code={problem.code}
      title={t('problem.title')}
      description={
        <div>
          <Typography.Paragraph style={{ marginBottom: 4 }}>{words}</Typography.Paragraph>
          {problem.isStale && problem.detail ? (
            <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
              {problem.detail}
            </Typography.Paragraph>
          ) : null}
          {problem.errors.length > 0 ? (
            <div>
              {t('problem.details')}:
              <ul style={{ margin: '4px 0' }}>
                {problem.errors.map((item) => (
                  <li key={`${item.field}:${item.message}`}>
                    <Typography.Text code>{item.field}</Typography.Text> {item.message}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <Typography.Text type="secondary">
            {t('problem.code')}: <Typography.Text code>{problem.code}</Typography.Text>
            {problem.status ? ` (HTTP ${problem.status})` : ''}
          </Typography.Text>
        </div>
      }
      action={
        problem.isStale && onReload ? (
          <Button size="small" onClick={onReload}>
            {t('problem.reload')}
          </Button>
        ) : undefined
      }
    />
  );
}
