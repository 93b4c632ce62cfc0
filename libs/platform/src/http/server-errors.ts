import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { PROBLEM_CONTENT_TYPE, problem, type ProblemDetails } from './problem.js';

/** How long a refused client may go on sending (and then read the answer) before its socket is closed. */
const LINGER_MS = 2_000;

const STATUS_LINES: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  414: 'URI Too Long',
  417: 'Expectation Failed',
  431: 'Request Header Fields Too Large',
};

/** llhttp's codes, in words a client can act on (never the parser's internals). */
const PARSE_ERRORS: Record<string, string> = {
  HPE_INVALID_URL:
    'the request target contains a character that is not allowed (percent-encode non-ASCII as UTF-8)',
  HPE_INVALID_HEADER_TOKEN: 'a header name or value contains a character that is not allowed',
  HPE_INVALID_CONTENT_LENGTH: 'Content-Length is not a number',
  HPE_UNEXPECTED_CONTENT_LENGTH: 'Content-Length is given twice or beside Transfer-Encoding',
  HPE_INVALID_TRANSFER_ENCODING: 'Transfer-Encoding is invalid or given beside Content-Length',
  HPE_INVALID_CHUNK_SIZE: 'a chunk size of the chunked body is invalid',
  HPE_INVALID_METHOD: 'the request method is not valid',
  HPE_INVALID_VERSION: 'the HTTP version is not valid',
  HPE_LF_EXPECTED: 'a line of the request head does not end in CRLF',
  HPE_CR_EXPECTED: 'a line of the request head does not end in CRLF',
};

/**
 * Answers the errors Node's HTTP server raises itself, before any middleware runs, with
 * problem+json like every other error (Node's own answers have an empty body):
 * - a request head Node cannot parse (bad characters in the target or a header, conflicting
 *   Content-Length / Transfer-Encoding, …) → 400 `REQUEST.MALFORMED`;
 * - a head over Node's limit (`--max-http-header-size`, 16 KiB): 414 `REQUEST.URI_TOO_LONG` when
 *   the request line alone does not fit, else 431 `REQUEST.HEADERS_TOO_LARGE`;
 * - a client too slow with its head or its whole request (http-server-timeouts.ts) → 408
 *   `REQUEST.TIMEOUT`;
 * - an `Expect` other than `100-continue` → 417 `REQUEST.EXPECTATION_FAILED`;
 * - an HTTP/1.1 request without `Host`: Node would answer an empty 400 itself; it is let through
 *   and answered 400 `REQUEST.HOST_REQUIRED` by `requestTargetMiddleware`.
 * Refused clients may finish sending for a moment (so they read the answer instead of a reset),
 * then the socket is closed. Where Node still answers without us (a `CONNECT`: the socket is closed
 * without an answer, this is no proxy) the README says so.
 */
export function answerServerErrorsAsProblems(server: Server): void {
  // Node ≥ 20 answers a Host-less HTTP/1.1 request with an empty 400 unless told not to.
  (server as Server & { requireHostHeader: boolean }).requireHostHeader = false;
  server.on('clientError', (error: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Duplex) => {
    const answered = socket as Duplex & { problemAnswered?: boolean; bytesWritten?: number };
    // A refused client still sending makes the parser fail again; it has had its answer.
    if (answered.problemAnswered) return;
    answered.problemAnswered = true;
    const body = clientErrorProblem(error);
    if (!body || !socket.writable || (answered.bytesWritten ?? 0) > 0) {
      socket.destroy();
      return;
    }
    // A timed-out client is cut once its answer is out (slowloris); a malformed one may finish sending first.
    if (body.status === 408) socket.end(rawProblemResponse(body), () => socket.destroy());
    else {
      socket.end(rawProblemResponse(body));
      setTimeout(() => socket.destroy(), LINGER_MS).unref();
    }
  });
  server.on('checkExpectation', (request: IncomingMessage, response: ServerResponse) => {
    const body = problem(
      417,
      'REQUEST.EXPECTATION_FAILED',
      'only "Expect: 100-continue" is supported',
      randomUUID(),
    );
    const json = JSON.stringify(body);
    response.writeHead(417, {
      'Content-Type': PROBLEM_CONTENT_TYPE,
      'Content-Length': Buffer.byteLength(json),
      'X-Correlation-Id': body.correlationId,
      Connection: 'close',
    });
    response.end(json);
    request.resume();
  });
}

/** The problem for an error of Node's HTTP server; undefined when the client is simply gone. */
export function clientErrorProblem(
  error: NodeJS.ErrnoException & { rawPacket?: Buffer },
): ProblemDetails | undefined {
  const correlationId = randomUUID();
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return problem(408, 'REQUEST.TIMEOUT', 'the request was not received in time', correlationId);
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    return requestLineComplete(error.rawPacket)
      ? problem(
          431,
          'REQUEST.HEADERS_TOO_LARGE',
          'the request headers exceed the server limit (16 KiB in all)',
          correlationId,
        )
      : problem(414, 'REQUEST.URI_TOO_LONG', 'the request target exceeds the server limit', correlationId);
  }
  if (typeof error.code === 'string' && error.code.startsWith('HPE_')) {
    return problem(
      400,
      'REQUEST.MALFORMED',
      PARSE_ERRORS[error.code] ?? 'the request is not valid HTTP/1.1',
      correlationId,
    );
  }
  return undefined;
}

function requestLineComplete(rawPacket: Buffer | undefined): boolean {
  return rawPacket !== undefined && rawPacket.includes('\n');
}

/** A whole HTTP/1.1 response for a socket no ServerResponse exists for. */
function rawProblemResponse(body: ProblemDetails): string {
  const json = JSON.stringify(body);
  return [
    `HTTP/1.1 ${body.status} ${STATUS_LINES[body.status] ?? 'Error'}`,
    `Content-Type: ${PROBLEM_CONTENT_TYPE}`,
    `Content-Length: ${Buffer.byteLength(json)}`,
    `X-Correlation-Id: ${body.correlationId}`,
    'Connection: close',
    '',
    json,
  ].join('\r\n');
}
