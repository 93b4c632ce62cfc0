import { HttpException } from '@nestjs/common';
import Busboy from 'busboy';
import type { Request } from 'express';
import type { Readable } from 'node:stream';
import { invalidInput } from '../../http/field-problems.js';

/** The form fields an upload may carry besides its one `file` part (attachment-upload.ts reads them). */
export const UPLOAD_FIELDS = ['occurredAt', 'caption', 'factRevision'] as const;
export type UploadFields = Partial<Record<(typeof UPLOAD_FIELDS)[number], string>>;

export interface ReceivedUpload<T> {
  /** What `consume` made of the file part (the staged file). */
  readonly file: T;
  /** The name the client's device gave the file, if any. */
  readonly fileName: string | undefined;
  readonly fields: UploadFields;
}

/**
 * Reads a `multipart/form-data` request with exactly one file part named `file`, streaming that part
 * into `consume` (never buffering it) and collecting the small text fields, before or after it.
 * Rejects with a problem as soon as the form is wrong, `consume` fails (a refused type, too many
 * bytes) or the client goes away; then `discard` gets whatever `consume` produced, so nothing of a
 * refused upload is kept, and the caller drains the rest of the request (drainRequest) before answering. `maxFileBytes` stops the
 * parser shortly past the bound `consume` enforces itself.
 */
export function receiveUpload<T>(
  request: Request,
  maxFileBytes: number,
  consume: (body: Readable) => Promise<T>,
  discard: (file: T) => Promise<void>,
): Promise<ReceivedUpload<T>> {
  const parser = formParser(request, maxFileBytes);
  return new Promise<ReceivedUpload<T>>((resolve, reject) => {
    const fields: Record<string, string> = {};
    let consuming: Promise<T> | undefined;
    let part: Readable | undefined;
    let fileName: string | undefined;
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      // Stop parsing; the caller drains what the client still sends (drainRequest) before answering.
      request.unpipe(parser);
      part?.destroy(error instanceof Error ? error : new Error(String(error)));
      consuming?.then(discard, () => undefined).catch(() => undefined);
      reject(error);
    };
    parser.on('field', (name, value, info) => {
      const problem = fieldProblem(fields, name, info.valueTruncated);
      if (problem) return fail(problem);
      fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      if (name !== 'file' || consuming) {
        stream.resume();
        return fail(formProblem('the form must have exactly one file part, named "file"'));
      }
      part = stream;
      fileName = info.filename || undefined;
      consuming = consume(stream);
      consuming.catch(fail);
    });
    for (const limit of ['partsLimit', 'filesLimit', 'fieldsLimit'] as const)
      parser.on(limit, () => fail(formProblem('the form has more parts than a file and its fields')));
    parser.on('error', (error: Error) =>
      fail(
        new HttpException(
          {
            code: 'ATTACHMENT.TRUNCATED',
            message: `the upload ended early or is malformed: ${error.message}`,
          },
          400,
        ),
      ),
    );
    parser.on('close', () => {
      if (settled) return;
      if (!consuming) return fail(formProblem('the form has no file part named "file"'));
      consuming.then((file) => {
        if (settled) return void discard(file).catch(() => undefined);
        settled = true;
        resolve({ file, fileName, fields });
      }, fail);
    });
    // A client that goes away mid-upload: the part never ends, so it is cut here (nothing is stored).
    request.on('close', () => {
      if (!request.complete)
        fail(
          new HttpException({ code: 'ATTACHMENT.TRUNCATED', message: 'the client closed the upload' }, 400),
        );
    });
    request.pipe(parser);
  });
}

/** Requests whose unread rest is being, or was, drained (drainRequest runs once per request). */
const draining = new WeakMap<Request, Promise<void>>();

/**
 * Reads and drops what is left of a refused request's body before its answer goes out: an HTTP client
 * still sending when the server answers and closes sees a reset, never the answer. At most `maxBytes`
 * are drained (HTTP_REQUEST_TIMEOUT_MS bounds the time); past that, the answer says
 * `Connection: close` and goes out at once (the rest is still read and dropped until the socket
 * closes). Resolves at once for a request already read to its end or cut.
 */
export function drainRequest(request: Request, maxBytes: number): Promise<void> {
  const running = draining.get(request);
  if (running) return running;
  const drained = new Promise<void>((resolve) => {
    if (request.complete || request.destroyed || request.readableEnded) return resolve();
    let seen = 0;
    const done = () => {
      request.off('data', onData);
      request.off('end', done);
      request.off('close', done);
      request.off('error', done);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen <= maxBytes) return;
      if (request.res && !request.res.headersSent) request.res.setHeader('Connection', 'close');
      done();
      // Still flowing without a 'data' listener: the rest is dropped until the connection closes.
    };
    request.on('data', onData);
    request.once('end', done);
    request.once('close', done);
    request.once('error', done);
    request.resume();
  });
  draining.set(request, drained);
  return drained;
}

/** A busboy parser of the request's form: 415 unless it is multipart/form-data, 400 when it cannot be read. */
function formParser(request: Request, maxFileBytes: number): Busboy.Busboy {
  const contentType = request.headers['content-type'] ?? '';
  if (!/^multipart\/form-data\s*;/i.test(contentType))
    throw new HttpException(
      {
        code: 'ATTACHMENT.NOT_MULTIPART',
        message: 'send the file as multipart/form-data with one part named "file"',
      },
      415,
    );
  try {
    return Busboy({
      headers: request.headers,
      defParamCharset: 'utf8',
      limits: {
        files: 1,
        // One more than allowed, so a form with too many parts is refused, never silently cut.
        fields: UPLOAD_FIELDS.length + 1,
        parts: UPLOAD_FIELDS.length + 2,
        fieldSize: 4096,
        fileSize: maxFileBytes + 1,
        headerPairs: 20,
      },
    });
  } catch (error) {
    throw formProblem(`the multipart form cannot be read: ${(error as Error).message}`);
  }
}

function fieldProblem(
  fields: Record<string, string>,
  name: string,
  truncated: boolean,
): HttpException | undefined {
  if (!(UPLOAD_FIELDS as readonly string[]).includes(name))
    return invalidInput({
      field: name,
      message: `unknown field (the fields are: file, ${UPLOAD_FIELDS.join(', ')})`,
    });
  if (name in fields) return invalidInput({ field: name, message: 'given twice' });
  if (truncated) return invalidInput({ field: name, message: 'longer than 4096 bytes' });
  return undefined;
}

function formProblem(message: string): HttpException {
  return new HttpException({ code: 'ATTACHMENT.MALFORMED_FORM', message }, 400);
}
