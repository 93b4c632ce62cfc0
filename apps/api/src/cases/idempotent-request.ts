import { randomUUID } from 'node:crypto';
import { BadRequestException, ConflictException, UnprocessableEntityException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { v5 as uuidv5 } from 'uuid';
import { IdempotencyStore } from '#command-pipeline';
import { ProblemDetailsFilter, correlationIdOf } from '#platform';

/** The strong If-Match parser lives in #platform (libs/platform/src/http/if-match.ts), shared by every command route. */
export { parseIfMatch } from '#platform';

const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;
const COMMAND_ID_NAMESPACE = 'a3c4b0f2-1f0e-4d5b-9a57-5be1f1c7e0d4';
const problems = new ProblemDetailsFilter();

export interface CommandResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/**
 * Runs a command request under its optional Idempotency-Key. The command id derives from the key,
 * so even a request whose answer was lost in a crash is not applied twice; the stored answer makes
 * the retry return exactly the first response. Same key, different body → 422.
 */
export async function runIdempotent(
  store: IdempotencyStore,
  request: Request,
  response: Response,
  actor: string,
  run: (commandId: string) => Promise<CommandResponse>,
): Promise<unknown> {
  const key = request.header('idempotency-key');
  if (key === undefined) return send(response, await run(randomUUID()));
  if (!KEY_PATTERN.test(key)) {
    throw new BadRequestException({
      code: 'IDEMPOTENCY.KEY_INVALID',
      message: 'Idempotency-Key must be 1 to 200 visible ASCII characters',
    });
  }
  const scope = `${actor}`;
  const hash = IdempotencyStore.hashRequest(request.method, request.path, request.body ?? null);
  const claim = await store.claim(scope, key, hash);
  switch (claim.kind) {
    case 'mismatch':
      throw new UnprocessableEntityException({
        code: 'IDEMPOTENCY.KEY_REUSED',
        message: 'this Idempotency-Key was already used with a different request',
      });
    case 'in_progress':
      // Retryable: the first request is still running, or died and its claim is taken over once it is 10 s old.
      response.setHeader('Retry-After', '1');
      throw new ConflictException({
        code: 'IDEMPOTENCY.IN_PROGRESS',
        message: 'a request with this Idempotency-Key is still running',
      });
    case 'replay':
      response.setHeader('Idempotent-Replayed', 'true');
      return send(response, claim.response);
    case 'claimed':
      break;
  }
  let answer: CommandResponse;
  try {
    answer = await run(uuidv5(`${scope}\n${key}`, COMMAND_ID_NAMESPACE));
  } catch (error) {
    const body = problems.toProblem(error, correlationIdOf(request));
    if (body.status >= 500) await store.release(scope, key).catch(() => undefined);
    else await store.complete(scope, key, { status: body.status, headers: {}, body }).catch(() => undefined);
    throw error;
  }
  await store.complete(scope, key, answer);
  return send(response, answer);
}

function send(response: Response, answer: CommandResponse): unknown {
  response.status(answer.status);
  for (const [name, value] of Object.entries(answer.headers)) response.setHeader(name, value);
  if (answer.status >= 400) response.type('application/problem+json');
  return answer.body;
}
