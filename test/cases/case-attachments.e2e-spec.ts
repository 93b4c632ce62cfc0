import { createHash, randomUUID } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import sharp from 'sharp';
import { sampleImage, samplePdf, zipBomb } from '#attachments/testing';
import { accountAuth, http, startTestApp, type TestApp } from '../support/test-app.js';
import { disputeReport, expectProblem, history, must, newCase } from './case-api.js';
import { download, storedKeys, streamedUpload, upload } from './attachments-api.js';
import { enforcementReport, squadOfficerAuth } from './petition-enforcement-helpers.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const MAX_FILE_BYTES = 400_000;

describe.each(['postgres', 'embedded'] as const)('case attachments over HTTP (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind, {
      ATTACHMENT_MAX_FILE_BYTES: String(MAX_FILE_BYTES),
      ATTACHMENT_MAX_PER_CASE: '3',
      // Small, so checking a bomb blocks this process (server and client alike) only briefly.
      ATTACHMENT_MAX_EXPANDED_BYTES: String(2 * 1024 * 1024),
    });
  }, 60_000);
  afterAll(async () => t?.close());

  it('a grid worker attaches the photo of what it reported; those who may read the case get it back, verified, and a thumbnail', async () => {
    const gridId = randomUUID();
    const worker = await accountAuth(t, ['grid_worker'], { kind: 'grid', id: gridId });
    const caseId = await newCase(t.baseUrl, disputeReport({ location: { gridId, address: 'Lane 88' } }));
    const photo = await sampleImage('jpeg', 800, 600);
    const takenAt = new Date(Date.now() - 3_600_000).toISOString();
    const answer = await upload(
      t.baseUrl,
      caseId,
      photo,
      {
        caption: 'Water through the ceiling of 302',
        occurredAt: takenAt,
        factRevision: 0,
        fileName: 'IMG_0042.jpg',
      },
      worker,
    );
    expect(`${answer.status} ${JSON.stringify(answer.body)}`).toMatch(/^201 /);
    const address = `/api/v1/cases/${caseId}/attachments/${sha256(photo)}`;
    expect(answer.headers.get('location')).toBe(address);
    expect(answer.body).toMatchObject({
      caseId,
      revision: 1,
      events: ['AttachmentAdded'],
      attachment: {
        sha256: sha256(photo),
        size: photo.length,
        mediaType: 'image/jpeg',
        image: { width: 800, height: 600 },
        fact: { revision: 0, type: 'CaseReported' },
        href: address,
        thumbnailHref: `${address}/thumbnail`,
      },
    });
    expect(Date.parse(answer.body.attachment.occurredAt)).toBe(Date.parse(takenAt));

    const file = await download(t.baseUrl, address, worker);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/jpeg');
    expect(file.bytes.equals(photo)).toBe(true);

    const listed = await http(t.baseUrl, 'GET', `/api/v1/cases/${caseId}/attachments`);
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({ count: 1, totalBytes: photo.length });
    expect(listed.body.attachments[0]).toMatchObject({
      caption: 'Water through the ceiling of 302',
      fileName: 'IMG_0042.jpg',
      addedBy: expect.any(String),
    });
    const view = await http(t.baseUrl, 'GET', `/api/v1/cases/${caseId}`);
    expect(view.body.state.attachments).toEqual([expect.objectContaining({ sha256: sha256(photo) })]);
    expect((await history(t.baseUrl, caseId)).map((entry) => entry.type)).toEqual([
      'CaseReported',
      'AttachmentAdded',
    ]);

    const thumbnail = await download(t.baseUrl, `${address}/thumbnail`);
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.headers.get('content-type')).toBe('image/jpeg');
    expect(await sharp(thumbnail.bytes).metadata()).toMatchObject({
      format: 'jpeg',
      width: 320,
      height: 240,
    });
    // Stored encrypted: neither the photo nor its thumbnail is on disk in clear.
    const stored = await storedKeys(t, `cases/${caseId}/`);
    expect(stored).toEqual([
      `cases/${caseId}/${sha256(photo)}`,
      `cases/${caseId}/${sha256(photo)}.thumb-320.jpg`,
    ]);
  });

  it('hides the case and its files from a caller outside its jurisdiction (404), and says which file is unknown', async () => {
    const caseId = await newCase(t.baseUrl);
    const pdf = samplePdf('inspection record');
    expect((await upload(t.baseUrl, caseId, pdf)).status).toBe(201);
    const stranger = await accountAuth(t, ['grid_worker'], { kind: 'grid', id: randomUUID() });
    const address = `/api/v1/cases/${caseId}/attachments/${sha256(pdf)}`;
    expect((await download(t.baseUrl, address, stranger)).status).toBe(404);
    const refused = await upload(t.baseUrl, caseId, samplePdf('other'), {}, stranger);
    expect(refused).toMatchObject({ status: 404, body: { code: 'CASE.NOT_FOUND' } });
    const unknown = await http(t.baseUrl, 'GET', `/api/v1/cases/${caseId}/attachments/${'a'.repeat(64)}`);
    expectProblem(unknown, 404, 'ATTACHMENT.NOT_FOUND');
    expectProblem(
      await http(t.baseUrl, 'GET', `/api/v1/cases/${caseId}/attachments/XYZ`),
      400,
      'VALIDATION.FAILED',
    );
    expectProblem(await http(t.baseUrl, 'GET', `${address}/thumbnail`), 404, 'ATTACHMENT.NO_THUMBNAIL');
    expectProblem(
      await http(t.baseUrl, 'GET', `/api/v1/cases/${randomUUID()}/attachments`),
      404,
      'CASE.NOT_FOUND',
    );
  });

  it('a squad officer attaches the signed notice to the served decision', async () => {
    const officer = await squadOfficerAuth(t);
    const caseId = await newCase(t.baseUrl, enforcementReport());
    const screened = await must(
      t.baseUrl,
      caseId,
      'screen',
      {
        outcome: 'simple_procedure',
        reason: 'Caught in the act',
        onTheSpot: {
          partyKind: 'person',
          penalty: { kinds: ['fine'], fineFen: 20_000 },
          facts: 'Occupied the pavement with goods.',
          legalBasis: 'City appearance regulations Art. 17',
          officers: ['Officer Han', 'Officer Lu'],
        },
      },
      officer,
    );
    expect(screened.body.events).toContain('PenaltyDecisionServed');
    const served = (await history(t.baseUrl, caseId)).find(
      (entry) => entry.type === 'PenaltyDecisionServed',
    )!;
    const notice = samplePdf('Decision served on Qian Lei, signed on receipt');
    const answer = await upload(
      t.baseUrl,
      caseId,
      notice,
      { caption: '送达回证 signed by the party', factRevision: served.revision },
      officer,
    );
    expect(answer.status).toBe(201);
    expect(answer.body.attachment).toMatchObject({
      mediaType: 'application/pdf',
      fact: { revision: served.revision, type: 'PenaltyDecisionServed' },
    });
    expect(answer.body.attachment.thumbnailHref).toBeUndefined();
    const file = await download(t.baseUrl, answer.headers.get('location')!);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.bytes.equals(notice)).toBe(true);
    expectProblem(
      (await upload(t.baseUrl, caseId, samplePdf('x'), { factRevision: 99 })) as never,
      422,
      'ATTACHMENT.FACT_NOT_FOUND',
    );
  });

  it.each([
    ['an executable', () => Buffer.from('MZ'.padEnd(5000, '\0')), 415, 'ATTACHMENT.UNSUPPORTED_MEDIA_TYPE'],
    [
      'an SVG',
      () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>'.padEnd(2000)),
      415,
      'ATTACHMENT.UNSUPPORTED_MEDIA_TYPE',
    ],
    ['a zip bomb', () => zipBomb(16 * 1024 * 1024), 422, 'ATTACHMENT.EXPANDS_TOO_FAR'],
    ['a file over the limit', () => samplePdf('x'.repeat(MAX_FILE_BYTES)), 413, 'ATTACHMENT.TOO_LARGE'],
    ['an empty file', () => Buffer.alloc(0), 422, 'ATTACHMENT.EMPTY'],
    ['a PDF cut short', () => samplePdf().subarray(0, 200), 422, 'ATTACHMENT.MALFORMED'],
  ])(
    'refuses %s with problem+json, and stores nothing and appends nothing',
    async (_name, bytes, status, code) => {
      const caseId = await newCase(t.baseUrl);
      const answer = await upload(t.baseUrl, caseId, bytes());
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(answer.body).toMatchObject({ status, code });
      expect(await storedKeys(t, `cases/${caseId}`)).toEqual([]);
      expect(await storedKeys(t, `staging/${caseId}`)).toEqual([]);
      expect((await history(t.baseUrl, caseId)).map((entry) => entry.type)).toEqual(['CaseReported']);
    },
  );

  it('/health/ready checks that the blob store is writable: 503 while it is not, 200 again once it is', async () => {
    // Given a ready replica
    const location = t.runtime.attachments.blobStore;
    if (location.kind !== 'filesystem') throw new Error('the attachment specs run on the file-system store');
    const ready = async () => {
      const response = await fetch(`${t.baseUrl}/health/ready`);
      return { status: response.status, body: (await response.json()) as any };
    };
    const before = await ready();
    expect(before.status).toBe(200);
    expect(before.body.checks.blobStore).toMatchObject({ ok: true });
    // When its blob directory is replaced by a file (nothing can be written there)
    const aside = `${location.directory}.aside`;
    await rename(location.directory, aside);
    try {
      await writeFile(location.directory, 'not a directory');
      const broken = await ready();
      // Then the replica is not ready, and says which check failed
      expect(broken.status).toBe(503);
      expect(broken.body.checks.blobStore).toMatchObject({ ok: false });
      expect(broken.body.checks.database).toMatchObject({ ok: true });
    } finally {
      await rm(location.directory, { force: true });
      await rename(aside, location.directory);
    }
    // And once the directory is back, it is ready again
    expect((await ready()).status).toBe(200);
  });

  it('every refusal reaches a client that streams its whole body before it reads the answer', async () => {
    // Given a client that sends every byte of a large body before it reads
    const caseId = await newCase(t.baseUrl);
    const big = (head: string) =>
      Buffer.concat([Buffer.from(head), Buffer.alloc(MAX_FILE_BYTES - 10_000, 7)]);
    // When the server refuses in the first KB of the file, past its limit, before reading the form, …
    const executable = await streamedUpload(t.baseUrl, caseId, big('MZ'));
    const tooLarge = await streamedUpload(t.baseUrl, caseId, big('%PDF-1.4\n'.padEnd(320_000)));
    const notAForm = await streamedUpload(t.baseUrl, caseId, big('{}'), { contentType: 'text/plain' });
    const unknownCase = await streamedUpload(t.baseUrl, randomUUID(), big('%PDF-'));
    // Then each answer arrives whole, as problem+json (never a reset), and nothing is stored
    expect(executable.body).toMatchObject({ status: 415, code: 'ATTACHMENT.UNSUPPORTED_MEDIA_TYPE' });
    expect(tooLarge.body).toMatchObject({ status: 413, code: 'ATTACHMENT.TOO_LARGE' });
    expect(notAForm.body).toMatchObject({ status: 415, code: 'ATTACHMENT.NOT_MULTIPART' });
    expect(unknownCase.body).toMatchObject({ status: 404, code: 'CASE.NOT_FOUND' });
    for (const answer of [executable, tooLarge, notAForm, unknownCase])
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(await storedKeys(t, `staging/${caseId}`)).toEqual([]);
    expect(await storedKeys(t, `cases/${caseId}`)).toEqual([]);
  });

  it('refuses a body that is not a form, a form without a file, a bad field, a file twice, and a full case', async () => {
    const caseId = await newCase(t.baseUrl);
    const path = `/api/v1/cases/${caseId}/attachments`;
    const json = await http(t.baseUrl, 'POST', path, { body: { file: 'x' } });
    expectProblem(json, 415, 'ATTACHMENT.NOT_MULTIPART');
    const form = new FormData();
    form.append('caption', 'no file');
    const noFile = await fetch(`${t.baseUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.users.operator.token}` },
      body: form,
    });
    expect(noFile.status).toBe(400);
    expect(await noFile.json()).toMatchObject({ code: 'ATTACHMENT.MALFORMED_FORM' });
    const badTime = await upload(t.baseUrl, caseId, samplePdf('a'), { occurredAt: 'yesterday' });
    expect(badTime.body).toMatchObject({ status: 400, code: 'VALIDATION.FAILED' });
    const future = await upload(t.baseUrl, caseId, samplePdf('b'), {
      occurredAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(future.body).toMatchObject({ status: 422, code: 'CASE.OCCURRED_IN_FUTURE' });
    const pdf = samplePdf('once');
    expect((await upload(t.baseUrl, caseId, pdf)).status).toBe(201);
    expect((await upload(t.baseUrl, caseId, pdf)).body).toMatchObject({
      status: 409,
      code: 'ATTACHMENT.ALREADY_ATTACHED',
    });
    expect((await upload(t.baseUrl, caseId, samplePdf('two'))).status).toBe(201);
    expect((await upload(t.baseUrl, caseId, samplePdf('three'))).status).toBe(201);
    expect((await upload(t.baseUrl, caseId, samplePdf('four'))).body).toMatchObject({
      status: 422,
      code: 'ATTACHMENT.CASE_LIMIT',
    });
    expect(await storedKeys(t, `staging/${caseId}`)).toEqual([]);
  });

  it("erasing the case's text key makes its files and thumbnails unreadable (410), with no rewrite of history", async () => {
    const caseId = await newCase(t.baseUrl);
    const photo = await sampleImage('png', 400, 300);
    const answer = await upload(t.baseUrl, caseId, photo, { caption: 'plate 沪A·12345 visible' });
    expect(answer.status).toBe(201);
    const address = answer.headers.get('location')!;
    expect((await download(t.baseUrl, `${address}/thumbnail`)).status).toBe(200);
    const view = await http(t.baseUrl, 'GET', `/api/v1/cases/${caseId}`);
    const erased = await http(t.baseUrl, 'POST', `/api/v1/people/${view.body.freeTextKeyId}/erase`, {
      auth: t.users.admin.token,
    });
    expect(erased.status).toBe(200);
    for (const path of [address, `${address}/thumbnail`]) {
      const gone = await http(t.baseUrl, 'GET', path);
      expectProblem(gone, 410, 'PERSONAL_DATA.ERASED');
    }
    const listed = await http(t.baseUrl, 'GET', `/api/v1/cases/${caseId}/attachments`);
    expect(listed.body.attachments[0]).toMatchObject({ sha256: sha256(photo), caption: '[erased]' });
    // A new upload after the erasure is readable (a key of its own), and goes with the next erasure.
    const later = await upload(t.baseUrl, caseId, samplePdf('after erasure'));
    expect(later.status).toBe(201);
    expect((await download(t.baseUrl, later.headers.get('location')!)).status).toBe(200);
  });
});
