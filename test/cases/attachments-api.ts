import { readdir } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { authHeader, type TestApp } from '../support/test-app.js';

/** Helpers of the attachment e2e specs: multipart uploads through fetch, raw downloads, stored files. */

export interface UploadAnswer {
  status: number;
  headers: Headers;
  body: any;
}

export interface UploadParts {
  caption?: string;
  occurredAt?: string;
  factRevision?: number | string;
  fileName?: string;
}

/** POSTs one file (and fields) as multipart/form-data, the way a browser form sends it. */
export async function upload(
  baseUrl: string,
  caseId: string,
  bytes: Buffer,
  parts: UploadParts = {},
  headers: Record<string, string> = authHeader(baseUrl, 'POST'),
): Promise<UploadAnswer> {
  const form = new FormData();
  if (parts.caption !== undefined) form.append('caption', parts.caption);
  if (parts.occurredAt !== undefined) form.append('occurredAt', parts.occurredAt);
  if (parts.factRevision !== undefined) form.append('factRevision', String(parts.factRevision));
  // The client's type is a lie on purpose: the server sniffs the bytes.
  form.append(
    'file',
    new Blob([bytes], { type: 'application/octet-stream' }),
    parts.fileName ?? 'upload.bin',
  );
  const response = await fetch(`${baseUrl}/api/v1/cases/${caseId}/attachments`, {
    method: 'POST',
    headers,
    body: form,
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

/**
 * POSTs one file as multipart/form-data the way a slow, simple client does: it writes the whole body
 * in small pieces, each after the last was taken, and reads the answer only once it sent everything.
 * A server that answers and closes before the body is in makes this fail with a reset (EPIPE,
 * ECONNRESET) instead of giving the answer.
 */
export async function streamedUpload(
  baseUrl: string,
  caseId: string,
  bytes: Buffer,
  options: { contentType?: string; headers?: Record<string, string> } = {},
): Promise<UploadAnswer> {
  const boundary = `----streamed${Date.now()}`;
  const body =
    options.contentType === undefined
      ? Buffer.concat([
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n` +
              'Content-Type: application/octet-stream\r\n\r\n',
          ),
          bytes,
          Buffer.from(`\r\n--${boundary}--\r\n`),
        ])
      : bytes;
  const url = new URL(`${baseUrl}/api/v1/cases/${caseId}/attachments`);
  return new Promise<UploadAnswer>((resolve, reject) => {
    const req = httpRequest(url, {
      method: 'POST',
      headers: {
        ...(options.headers ?? authHeader(baseUrl, 'POST')),
        'content-type': options.contentType ?? `multipart/form-data; boundary=${boundary}`,
        'content-length': String(body.length),
      },
    });
    req.on('error', reject);
    req.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const headers = new Headers();
        for (const [name, value] of Object.entries(response.headers))
          if (typeof value === 'string') headers.set(name, value);
        resolve({ status: response.statusCode!, headers, body: text ? JSON.parse(text) : undefined });
      });
    });
    const piece = 16 * 1024;
    let offset = 0;
    const writeNext = (): void => {
      while (offset < body.length) {
        const chunk = body.subarray(offset, offset + piece);
        offset += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', () => setImmediate(writeNext));
      }
      req.end();
    };
    writeNext();
  });
}

/** GETs a file as bytes. */
export async function download(
  baseUrl: string,
  path: string,
  headers: Record<string, string> = authHeader(baseUrl),
): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const response = await fetch(`${baseUrl}${path}`, { headers });
  return {
    status: response.status,
    headers: response.headers,
    bytes: Buffer.from(await response.arrayBuffer()),
  };
}

/** Every stored blob key of the test app's file-system blob store (cases/…, staging/…; not .incoming). */
export async function storedKeys(t: TestApp, prefix = ''): Promise<string[]> {
  const location = t.runtime.attachments.blobStore;
  if (location.kind !== 'filesystem') throw new Error('the attachment specs run on the file-system store');
  const root = location.directory;
  const keys: string[] = [];
  const walk = async (relative: string): Promise<void> => {
    const entries = await readdir(join(root, relative), { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const key = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(key);
      else keys.push(key);
    }
  };
  await walk('');
  return keys.filter((key) => key.startsWith(prefix)).sort();
}
