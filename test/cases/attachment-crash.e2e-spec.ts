import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ATTACHMENT_FAULT_MARKER } from '#attachments';
import { samplePdf } from '#attachments/testing';
import { caseStreamName } from '#case-domain';
import { PostgresEventStore } from '#event-store';
import { createTestDatabase, type TestDatabase } from '#platform/testing';
import { allMigrations } from '#runtime';
import {
  ensureBuilt,
  freePort,
  request,
  setUpLogins,
  sleep,
  startApi,
  startWorker,
  stopApi,
  type ApiChild,
} from '../reliability/reliability-support.js';
import { disputeReport } from './case-api.js';

/**
 * The real API process is SIGKILLed in the two windows of an upload (docs/adr/0035): while the file
 * streams into the blob store, and once the file is in place but before its event is appended. Either
 * way the log has no AttachmentAdded, and the real worker's scheduled sweep removes every byte the
 * dead uploads left; the same file can then be attached again.
 */
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Every file under the blob directory, temporary ones (.incoming) included. */
async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .sort();
}

async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const giveUpAt = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > giveUpAt) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const FORM_BOUNDARY = 'gridcase-crash-spec-boundary';

/** Starts a multipart upload of `bytes` and sends only its first `sent` bytes; the request never ends. */
function startPartialUpload(baseUrl: string, path: string, token: string, bytes: Buffer, sent: number): void {
  const head = Buffer.from(
    `--${FORM_BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="notice.pdf"\r\n` +
      'Content-Type: application/pdf\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${FORM_BOUNDARY}--\r\n`);
  const upload = httpRequest(`${baseUrl}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': `multipart/form-data; boundary=${FORM_BOUNDARY}`,
      'content-length': head.length + bytes.length + tail.length,
    },
  });
  upload.on('error', () => undefined);
  upload.write(Buffer.concat([head, bytes.subarray(0, sent)]));
}

describe('an API killed during an upload (real child processes)', () => {
  let db: TestDatabase;
  let blobs: string;
  let api: ApiChild | undefined;
  let worker: ApiChild | undefined;

  beforeAll(async () => {
    ensureBuilt();
    db = await createTestDatabase('postgres', allMigrations, { poolSize: 4 });
    blobs = await mkdtemp(join(tmpdir(), 'gridcase-crash-blobs-'));
  }, 300_000);

  afterAll(async () => {
    await stopApi(api);
    await stopApi(worker);
    await db?.close();
    if (blobs) await rm(blobs, { recursive: true, force: true });
  });

  const apiEnv = () => ({
    BLOB_STORE_URL: blobs,
    GRIDCASE_FAULT_PAUSE_BEFORE_ATTACHMENT_APPEND_MS: '600000',
  });

  async function killApi(): Promise<void> {
    api!.child.kill('SIGKILL');
    expect(await api!.exited).toMatchObject({ signal: 'SIGKILL' });
  }

  it('leaves no event, and the scheduled sweep removes what the dead uploads left', async () => {
    api = startApi(db.url!, await freePort(), apiEnv());
    await api.ready;
    const { operator } = await setUpLogins(api.baseUrl);
    const report = () =>
      request(api!.baseUrl, 'POST', '/api/v1/cases', { token: operator.token, body: disputeReport() });
    const streaming = (await report()).body.caseId as string;
    const placed = (await report()).body.caseId as string;

    // 1. Killed while the file streams in: half a file in a temporary file, nothing else.
    const big = samplePdf('x'.repeat(3_000_000));
    startPartialUpload(api.baseUrl, `/api/v1/cases/${streaming}/attachments`, operator.token, big, 1_500_000);
    await until(
      async () => (await filesUnder(blobs)).some((file) => file.startsWith('.incoming/')),
      'a temporary file',
    );
    await killApi();

    // 2. Killed with the file in place and claimed, before its event: the fault injection holds it there.
    api = startApi(db.url!, await freePort(), apiEnv());
    await api.ready;
    const notice = samplePdf('Decision served, signed on receipt');
    const form = new FormData();
    form.append('file', new Blob([notice]), 'notice.pdf');
    void fetch(`${api.baseUrl}/api/v1/cases/${placed}/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${operator.token}` },
      body: form,
    }).catch(() => undefined);
    await until(async () => api!.output.includes(ATTACHMENT_FAULT_MARKER), 'the placed upload');
    await killApi();

    const left = await filesUnder(blobs);
    expect(left).toContain(`cases/${placed}/${sha256(notice)}`);
    expect(left.some((file) => file.startsWith('.incoming/'))).toBe(true);
    const events = new PostgresEventStore(db.pool);
    for (const caseId of [streaming, placed])
      expect((await events.readStream(caseStreamName(caseId))).map((event) => event.type)).toEqual([
        'CaseReported',
      ]);

    // The worker sweeps every second here, and touches only what is older than one second.
    worker = startWorker(db.url!, {
      BLOB_STORE_URL: blobs,
      ATTACHMENT_SWEEP_INTERVAL_SECONDS: '1',
      ATTACHMENT_SWEEP_GRACE_SECONDS: '1',
      ESCALATION_ENABLED: 'false',
    });
    await worker.ready;
    await until(async () => (await filesUnder(blobs)).length === 0, 'the sweep to remove the orphans');
    await stopApi(worker);
    worker = undefined;

    // The claim the dead upload left is settled: the same file attaches again and reads back.
    api = startApi(db.url!, await freePort(), { BLOB_STORE_URL: blobs });
    await api.ready;
    const again = new FormData();
    again.append('file', new Blob([notice]), 'notice.pdf');
    const answer = await fetch(`${api.baseUrl}/api/v1/cases/${placed}/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${operator.token}` },
      body: again,
    });
    expect(answer.status).toBe(201);
    const file = await fetch(`${api.baseUrl}${answer.headers.get('location')}`, {
      headers: { authorization: `Bearer ${operator.token}` },
    });
    expect(Buffer.from(await file.arrayBuffer()).equals(notice)).toBe(true);
    expect((await events.readStream(caseStreamName(streaming))).map((event) => event.type)).toEqual([
      'CaseReported',
    ]);
  }, 300_000);
});
