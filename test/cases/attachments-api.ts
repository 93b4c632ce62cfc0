import { readdir } from 'node:fs/promises';
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
