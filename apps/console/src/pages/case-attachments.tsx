import { Alert, Button, Card, Empty, Form, Input, Space, Table, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { attachmentBlob, listAttachments, uploadAttachment, type Attachment } from '../api/attachments';
import { useApi } from '../api/use-api';
import { formatBytes, formatInstant, instantOfCst } from '../components/format';
import { ProblemAlert } from '../components/problem-alert';
import { useI18n } from '../i18n/i18n';

/** A blob as a data: URL: the API's CSP (helmet's default, img-src 'self' data:) does not allow blob: images. */
function dataUrlOf(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('unreadable thumbnail'));
    reader.readAsDataURL(blob);
  });
}

/** The image's thumbnail (a JPEG of at most 320 × 320), fetched with the session's token. */
function Thumbnail({ attachment }: { attachment: Attachment }) {
  const { t } = useI18n();
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!attachment.thumbnailHref) return;
    const controller = new AbortController();
    attachmentBlob(attachment.thumbnailHref, controller.signal)
      .then(dataUrlOf)
      .then(
        (dataUrl) => {
          if (!controller.signal.aborted) setUrl(dataUrl);
        },
        () => setUrl(null),
      );
    return () => controller.abort();
  }, [attachment.thumbnailHref]);
  if (!attachment.thumbnailHref) return <span aria-hidden="true">—</span>;
  if (!url) return <span>{t('app.loading')}</span>;
  return (
    <img
      src={url}
      alt={`${t('attachments.thumbnailOf')}: ${attachment.caption ?? attachment.fileName ?? attachment.sha256.slice(0, 8)}`}
      style={{ maxWidth: 96, maxHeight: 96, display: 'block' }}
      data-testid="attachment-thumbnail"
    />
  );
}

/** Saves the file under its uploaded name: fetched with the token, handed to the browser as a download. */
async function download(attachment: Attachment): Promise<void> {
  const blob = await attachmentBlob(attachment.href);
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download =
    attachment.fileName && !/^\[/.test(attachment.fileName) ? attachment.fileName : attachment.sha256;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The case's attachments (list, thumbnails, download) and, for callers who may, an upload form. */
export function CaseAttachments({
  caseId,
  revision,
  mayUpload,
  onUploaded,
}: {
  caseId: string;
  revision: number | undefined;
  mayUpload: boolean;
  onUploaded(): void;
}) {
  const { t } = useI18n();
  const attachments = useApi((signal) => listAttachments(caseId, signal), [caseId, revision]);
  const [downloadError, setDownloadError] = useState<unknown>(null);
  return (
    <Card size="small" title={t('attachments.title')} data-testid="attachments">
      <ProblemAlert error={attachments.error ?? downloadError} />
      {attachments.data && attachments.data.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('common.none')} />
      ) : (
        <Table<Attachment>
          size="small"
          rowKey="sha256"
          pagination={false}
          loading={attachments.loading && !attachments.data}
          dataSource={attachments.data ?? []}
          scroll={{ x: 760 }}
          data-testid="attachment-table"
          columns={[
            {
              title: t('attachments.preview'),
              key: 'preview',
              width: 112,
              render: (_: unknown, attachment) => <Thumbnail attachment={attachment} />,
            },
            {
              title: t('attachments.caption'),
              key: 'caption',
              render: (_: unknown, attachment) => (
                <span>
                  {attachment.caption ?? '—'}
                  {attachment.fileName ? (
                    <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                      {attachment.fileName}
                    </Typography.Text>
                  ) : null}
                </span>
              ),
            },
            { title: t('attachments.type'), dataIndex: 'mediaType' },
            { title: t('attachments.size'), dataIndex: 'size', render: (size: number) => formatBytes(size) },
            {
              title: t('attachments.occurredAt'),
              dataIndex: 'occurredAt',
              render: (value: string) => formatInstant(value),
            },
            {
              title: t('attachments.addedAt'),
              dataIndex: 'addedAt',
              render: (value: string) => formatInstant(value),
            },
            {
              title: t('attachments.download'),
              key: 'download',
              render: (_: unknown, attachment) => (
                <Button
                  size="small"
                  onClick={() => {
                    setDownloadError(null);
                    download(attachment).catch(setDownloadError);
                  }}
                >
                  {t('attachments.download')}
                </Button>
              ),
            },
          ]}
        />
      )}
      {mayUpload ? (
        <UploadForm
          caseId={caseId}
          onUploaded={() => {
            attachments.reload();
            onUploaded();
          }}
        />
      ) : null}
    </Card>
  );
}

function UploadForm({ caseId, onUploaded }: { caseId: string; onUploaded(): void }) {
  const { t } = useI18n();
  const fileInput = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [caption, setCaption] = useState('');
  const [occurredAt, setOccurredAt] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  return (
    <Form
      layout="vertical"
      style={{ marginTop: 16, maxWidth: 560 }}
      data-testid="attachment-upload"
      onFinish={async () => {
        setError(null);
        setDone(null);
        if (!file) {
          setError(new Error(t('attachments.chooseFile')));
          return;
        }
        setBusy(true);
        try {
          await uploadAttachment(caseId, file, {
            caption: caption.trim() || undefined,
            occurredAt: instantOfCst(occurredAt),
          });
          setDone(file.name);
          setFile(null);
          setCaption('');
          setOccurredAt('');
          if (fileInput.current) fileInput.current.value = '';
          onUploaded();
        } catch (failure) {
          setError(failure);
        } finally {
          setBusy(false);
        }
      }}
    >
      <Typography.Title level={3} style={{ fontSize: 15 }}>
        {t('attachments.upload')}
      </Typography.Title>
      <Space direction="vertical" style={{ width: '100%' }}>
        <label htmlFor="attachment-file">{t('attachments.file')}</label>
        <input
          id="attachment-file"
          ref={fileInput}
          type="file"
          accept="image/jpeg,image/png,image/gif,image/webp,application/pdf,.docx,.xlsx,.pptx,.odt,.ods,.odp"
          onChange={(event) => setFile(event.target.files?.[0] ?? null)}
        />
        <label htmlFor="attachment-caption">{t('attachments.caption')}</label>
        <Input
          id="attachment-caption"
          value={caption}
          maxLength={2000}
          onChange={(event) => setCaption(event.target.value)}
        />
        <label htmlFor="attachment-occurred-at">{t('attachments.occurredAt')}</label>
        <Input
          id="attachment-occurred-at"
          type="datetime-local"
          value={occurredAt}
          aria-describedby="attachment-occurred-at-hint"
          onChange={(event) => setOccurredAt(event.target.value)}
        />
        <Typography.Text type="secondary" id="attachment-occurred-at-hint" style={{ fontSize: 12 }}>
          {t('attachments.occurredAtHint')}
        </Typography.Text>
        <Button type="primary" htmlType="submit" loading={busy}>
          {busy ? t('attachments.uploading') : t('attachments.submit')}
        </Button>
        {done ? (
          <Alert
            type="success"
            showIcon
            title={`${t('attachments.uploaded')}: ${done}`}
            data-testid="attachment-uploaded"
          />
        ) : null}
        <ProblemAlert error={error} />
      </Space>
    </Form>
  );
}
