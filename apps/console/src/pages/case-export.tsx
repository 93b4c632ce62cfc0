import { Button, Space, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { listCases, type CaseFilter, type CaseListItem } from '../api/cases';
import { downloadText, toCsv } from '../components/csv';
import { formatInstant } from '../components/format';
import { ProblemAlert } from '../components/problem-alert';
import { useI18n } from '../i18n/i18n';

const PAGE = 50;

/**
 * Every case matching the list's filters as one CSV, read page by page through the list's cursor
 * (the API has no export route yet): the count fetched so far is shown and the export can be stopped.
 */
export function CaseExport({ filter }: { filter: CaseFilter }) {
  const { t, term } = useI18n();
  const [fetched, setFetched] = useState<number | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const controller = useRef<AbortController | null>(null);
  useEffect(() => () => controller.current?.abort(), []);

  const run = async () => {
    const abort = new AbortController();
    controller.current = abort;
    setRunning(true);
    setError(null);
    setFetched(0);
    const rows: CaseListItem[] = [];
    try {
      let cursor: string | null = null;
      do {
        const page = await listCases(filter, cursor, abort.signal, PAGE);
        rows.push(...page.items);
        setFetched(rows.length);
        cursor = page.nextCursor;
      } while (cursor);
      downloadText(
        `cases-${new Date().toISOString().slice(0, 10)}.csv`,
        toCsv(
          [
            t('cases.title'),
            t('cases.type'),
            t('cases.status'),
            t('cases.level'),
            t('cases.handlingUnit'),
            t('cases.nextDeadline'),
            t('cases.overdue'),
            t('cases.updatedAt'),
            'caseId',
          ],
          rows.map((row) => [
            row.title,
            term('caseType', row.type),
            term('status', row.status),
            term('level', row.level),
            row.handlingUnit?.name ?? row.handlingUnit?.unitId ?? '',
            row.nextDeadline ? formatInstant(row.nextDeadline.dueAt) : '',
            row.overdue ? t('common.yes') : t('common.no'),
            formatInstant(row.updatedAt),
            row.caseId,
          ]),
        ),
      );
    } catch (failure) {
      if ((failure as Error).name !== 'AbortError') setError(failure);
    } finally {
      setRunning(false);
      controller.current = null;
    }
  };

  return (
    <Space direction="vertical">
      <Space wrap>
        <Button onClick={() => void run()} disabled={running} data-testid="export-cases">
          {t('cases.export')}
        </Button>
        {running ? <Button onClick={() => controller.current?.abort()}>{t('common.cancel')}</Button> : null}
        {fetched !== null ? (
          <Typography.Text role="status" aria-live="polite" data-testid="export-progress">
            {running ? t('cases.exporting') : t('cases.exported')} {fetched} {t('cases.rows')}
          </Typography.Text>
        ) : null}
      </Space>
      <ProblemAlert error={error} />
    </Space>
  );
}
