import type { components } from '#api-client';
import { api, call } from './client';
import { problemFromResponse } from './problem';
import { currentToken, setToken, signalUnauthenticated } from './transport';

export type Attachment = components['schemas']['AttachmentDto'];
export type AttachmentAdded = components['schemas']['AttachmentAddedDto'];

/** GET /cases/{id}/attachments: the case's evidence files, in the order attached. */
export async function listAttachments(caseId: string, signal?: AbortSignal): Promise<Attachment[]> {
  const { data } = await call<{ attachments: Attachment[] }>(
    api.GET('/api/v1/cases/{caseId}/attachments', { params: { path: { caseId } }, signal }),
  );
  return data.attachments;
}

/** POST /cases/{id}/attachments as multipart/form-data (the browser writes the boundary). */
export async function uploadAttachment(
  caseId: string,
  file: File,
  fields: { caption?: string; occurredAt?: string },
): Promise<AttachmentAdded> {
  const form = new FormData();
  if (fields.occurredAt) form.append('occurredAt', fields.occurredAt);
  if (fields.caption) form.append('caption', fields.caption);
  // The file last: the API streams it and reads the fields before it.
  form.append('file', file, file.name);
  const { data } = await call<AttachmentAdded>(
    api.POST('/api/v1/cases/{caseId}/attachments', {
      params: { path: { caseId } },
      body: form as never,
      bodySerializer: (body: unknown) => body as FormData,
    }),
  );
  return data;
}

/**
 * A file or thumbnail of the API as a blob: the routes want the Bearer token, which an <img src> or
 * a plain link cannot send, so the console fetches and shows an object URL (revoked by the caller).
 */
export async function attachmentBlob(href: string, signal?: AbortSignal): Promise<Blob> {
  const token = currentToken();
  const response = await fetch(href, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    signal,
  });
  if (response.status === 401) {
    setToken(null);
    signalUnauthenticated();
  }
  if (!response.ok)
    throw problemFromResponse(
      response.status,
      response.headers.get('content-type') ?? '',
      await response.text(),
    );
  return response.blob();
}
