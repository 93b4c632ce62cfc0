import {
  Button,
  Card,
  Collapse,
  DatePicker,
  Descriptions,
  Empty,
  Segmented,
  Select,
  Slider,
  Space,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { getCase, getHistory } from '../api/case-view';
import { listCases } from '../api/cases';
import { useApi } from '../api/use-api';
import { eventWords } from '../components/event-words';
import { formatInstant } from '../components/format';
import { ProblemAlert } from '../components/problem-alert';
import { useI18n } from '../i18n/i18n';
import { actorOf, DeadlineTable } from './case-page';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Replay: a case's history step by step (the state at each revision) or as of any instant (by the
 * time things happened), each state folded by the API from the case's events.
 */
export default function ReplayPage() {
  const { caseId } = useParams();
  const navigate = useNavigate();
  const { t, term, language } = useI18n();
  const recent = useApi(() => listCases({}, null), []);
  const history = useApi(() => (caseId ? getHistory(caseId) : Promise.resolve([])), [caseId]);
  const [mode, setMode] = useState<'revision' | 'instant'>('revision');
  const [revision, setRevision] = useState<number | null>(null);
  const [instant, setInstant] = useState<Dayjs | null>(null);
  const entries = history.data ?? [];
  const last = entries.length ? entries[entries.length - 1]!.revision : 0;
  const shown = revision ?? last;
  const at =
    mode === 'revision'
      ? { revision: shown }
      : instant
        ? { asOf: instant.format('YYYY-MM-DDTHH:mm:ssZ') }
        : {};
  const state = useApi(
    () => (caseId && entries.length ? getCase(caseId, at) : Promise.resolve(undefined)),
    [caseId, entries.length, JSON.stringify(at)],
  );
  const step = mode === 'revision' ? entries.find((entry) => entry.revision === shown) : undefined;
  const view = state.data?.view;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ fontSize: 20, margin: 0 }}>
        {t('menu.replay')}
      </Typography.Title>
      <div style={{ maxWidth: 640 }}>
        <label htmlFor="replay-case">{t('replay.pick')}</label>
        <Select
          id="replay-case"
          showSearch
          style={{ width: '100%' }}
          value={caseId}
          placeholder={t('replay.hint')}
          optionFilterProp="label"
          loading={recent.loading}
          data-testid="replay-case"
          onSearch={(text) => {
            if (UUID.test(text.trim())) navigate(`/replay/${text.trim()}`);
          }}
          onChange={(value: string) => {
            setRevision(null);
            navigate(`/replay/${value}`);
          }}
          options={(recent.data?.items ?? []).map((item) => ({
            value: item.caseId,
            label: `${item.title} · ${term('status', item.status)} · ${item.caseId.slice(0, 8)}`,
          }))}
        />
      </div>
      <ProblemAlert error={history.error ?? state.error} />
      {caseId && entries.length ? (
        <Card size="small">
          <Space direction="vertical" style={{ width: '100%' }}>
            <Segmented
              aria-label={t('menu.replay')}
              value={mode}
              onChange={(value) => setMode(value as 'revision' | 'instant')}
              options={[
                { value: 'revision', label: t('replay.revision') },
                { value: 'instant', label: t('replay.instant') },
              ]}
            />
            {mode === 'revision' ? (
              <Space style={{ width: '100%' }} align="center">
                <Button
                  onClick={() => setRevision(Math.max(entries[0]!.revision, shown - 1))}
                  disabled={shown <= entries[0]!.revision}
                >
                  {t('replay.previous')}
                </Button>
                <Slider
                  style={{ width: 320 }}
                  min={entries[0]!.revision}
                  max={last}
                  value={shown}
                  onChange={(value) => setRevision(value)}
                  marks={{ [entries[0]!.revision]: String(entries[0]!.revision), [last]: String(last) }}
                  ariaLabelForHandle={t('case.revision')}
                />
                <Button
                  onClick={() => setRevision(Math.min(last, shown + 1))}
                  disabled={shown >= last}
                  data-testid="replay-next"
                >
                  {t('replay.next')}
                </Button>
                <Typography.Text data-testid="replay-revision">
                  {t('case.revision')} {shown} / {last}
                </Typography.Text>
              </Space>
            ) : (
              <div>
                <label htmlFor="replay-instant">{t('replay.instant')}</label>{' '}
                <DatePicker id="replay-instant" showTime value={instant} onChange={setInstant} />
              </div>
            )}
            {step ? (
              <Typography.Paragraph data-testid="replay-event" style={{ margin: 0 }}>
                {t('replay.event')}: <strong>{actorOf(step, t('case.system'))}</strong>{' '}
                {eventWords(language, step.type, step.data)} · {t('case.occurredAt')}{' '}
                {formatInstant(step.occurredAt)} · {t('case.recordedAt')} {formatInstant(step.recordedAt)}
              </Typography.Paragraph>
            ) : null}
          </Space>
        </Card>
      ) : caseId ? null : (
        <Empty description={t('replay.hint')} />
      )}
      {view ? (
        <Card size="small" title={t('replay.stateAt')} loading={state.loading} data-testid="replay-state">
          <Descriptions size="small" column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label={t('cases.status')}>
              <span data-testid="replay-status">{term('status', view.state.status)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('cases.level')}>{term('level', view.state.level)}</Descriptions.Item>
            <Descriptions.Item label={t('case.unit')}>{view.state.unit?.name ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('case.revision')}>{view.revision}</Descriptions.Item>
            <Descriptions.Item label={t('common.asOf')}>{formatInstant(view.asOf)}</Descriptions.Item>
          </Descriptions>
          <DeadlineTable clocks={view.clocks} />
          <Collapse
            size="small"
            style={{ marginTop: 12 }}
            items={[
              {
                key: 'state',
                label: t('replay.rawState'),
                children: (
                  <pre style={{ maxHeight: 320, overflow: 'auto', fontSize: 12 }}>
                    {JSON.stringify(view.state, null, 2)}
                  </pre>
                ),
              },
            ]}
          />
        </Card>
      ) : null}
    </Space>
  );
}
