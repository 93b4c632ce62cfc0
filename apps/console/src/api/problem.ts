/**
 * RFC 9457 problem+json answers of the API, turned into something a person can read: the API's
 * `detail` in plain words, its stable `code`, and the fields to fix.
 */
export interface ProblemBody {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  code: string;
  correlationId?: string;
  errors?: Array<{ field: string; message: string }>;
}

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly errors: ReadonlyArray<{ field: string; message: string }> = [],
    readonly correlationId?: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'ApiProblem';
  }

  /** 409/412 on a case: someone else changed it, so the page should offer a reload. */
  get isStale(): boolean {
    return (
      this.status === 412 ||
      this.code === 'CONCURRENCY.CONFLICT' ||
      this.code === 'CONCURRENCY.PRECONDITION_FAILED'
    );
  }
}

/** A network failure (no answer at all) gets a code of its own so it can be shown like the rest. */
export const NETWORK_FAILURE = 'NETWORK.UNREACHABLE';

/** Reads any error answer: problem+json as sent, other bodies as a problem with a generic code. */
export function problemFromResponse(status: number, contentType: string | null, text: string): ApiProblem {
  if (contentType && /json/.test(contentType)) {
    try {
      const body = JSON.parse(text) as Partial<ProblemBody>;
      if (typeof body.code === 'string') {
        return new ApiProblem(
          status,
          body.code,
          plainDetail(body.detail ?? body.title ?? ''),
          Array.isArray(body.errors) ? body.errors : [],
          body.correlationId,
        );
      }
    } catch {
      // not JSON after all: fall through
    }
  }
  return new ApiProblem(status, `HTTP.${status}`, text.slice(0, 200) || `HTTP ${status}`);
}

/** The API writes details for developers in lower case without a full stop; people read sentences. */
export function plainDetail(detail: string): string {
  const trimmed = detail.trim();
  if (!trimmed) return trimmed;
  const sentence = trimmed[0]!.toUpperCase() + trimmed.slice(1);
  return /[.!?。！？]$/.test(sentence) ? sentence : `${sentence}.`;
}
