import { randomUUID } from 'node:crypto';
import {
  ConflictException,
  Inject,
  Injectable,
  UnprocessableEntityException,
  UseInterceptors,
  applyDecorators,
  createParamDecorator,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { defer, lastValueFrom, type Observable } from 'rxjs';
import { v5 as uuidv5 } from 'uuid';
import { IdempotencyStore } from '#command-pipeline';
import { PROBLEM_CONTENT_TYPE, ProblemDetailsFilter, correlationIdOf } from '#platform';
import { principalOf } from '../auth/access.decorator.js';
import { IDEMPOTENCY_STORE } from '../infrastructure/infrastructure.tokens.js';
import { ApiProblems } from '../openapi/api-problems.decorator.js';
import { HttpAnswer, HttpAnswerInterceptor } from './http-answer.js';
import { invalidInput } from './field-problems.js';

const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;
const COMMAND_ID_NAMESPACE = 'a3c4b0f2-1f0e-4d5b-9a57-5be1f1c7e0d4';
const COMMAND_ID = Symbol('gridcase.commandId');
const problems = new ProblemDetailsFilter();

type CommandRequest = Request & { [COMMAND_ID]?: string };

/**
 * Runs a command route under its optional Idempotency-Key (docs/adr/0006). The command id derives
 * from the caller and the key, so even a request whose answer was lost in a crash is not applied
 * twice; the stored answer makes a retry return exactly the first response. Same key, different
 * body → 422; a retry while the first still runs → 409 with Retry-After. Without a key the command
 * gets a fresh id. The handler reads it with `@CommandId()` and returns its answer as a value
 * (an HttpAnswer when it has headers).
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(@Inject(IDEMPOTENCY_STORE) private readonly store: IdempotencyStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<CommandRequest>();
    const response = context.switchToHttp().getResponse<Response>();
    return defer(() => this.run(request, response, next));
  }

  private async run(request: CommandRequest, response: Response, next: CallHandler): Promise<unknown> {
    const key = request.header('idempotency-key');
    if (key === undefined) {
      request[COMMAND_ID] = randomUUID();
      return lastValueFrom(next.handle());
    }
    if (!KEY_PATTERN.test(key)) {
      throw invalidInput(
        { field: 'Idempotency-Key', message: 'must be 1 to 200 visible ASCII characters' },
        'IDEMPOTENCY.KEY_INVALID',
      );
    }
    const scope = principalOf(request).id;
    const hash = IdempotencyStore.hashRequest(request.method, request.path, request.body ?? null);
    const claim = await this.store.claim(scope, key, hash);
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
      case 'replay': {
        response.setHeader('Idempotent-Replayed', 'true');
        const { status, headers, body } = claim.response;
        if (status >= 400) response.type(PROBLEM_CONTENT_TYPE);
        return new HttpAnswer(body, headers, status);
      }
      case 'claimed':
        break;
    }
    request[COMMAND_ID] = uuidv5(`${scope}\n${key}`, COMMAND_ID_NAMESPACE);
    let value: unknown;
    try {
      value = await lastValueFrom(next.handle());
    } catch (error) {
      const problem = problems.toProblem(error, correlationIdOf(request));
      if (problem.status >= 500) await this.store.release(scope, key).catch(() => undefined);
      else
        await this.store
          .complete(scope, key, { status: problem.status, headers: {}, body: problem })
          .catch(() => undefined);
      throw error;
    }
    const answer = value instanceof HttpAnswer ? value : new HttpAnswer(value);
    await this.store.complete(scope, key, {
      status: answer.status ?? response.statusCode,
      headers: { ...answer.headers },
      body: answer.body ?? null,
    });
    return value;
  }
}

/** The command id of this request (set by the IdempotencyInterceptor of an `@Idempotent()` route). */
export const CommandId = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const commandId = context.switchToHttp().getRequest<CommandRequest>()[COMMAND_ID];
  if (!commandId) throw new Error('no command id on the request: is the route @Idempotent()?');
  return commandId;
});

/** A command route that takes an optional Idempotency-Key (and is documented as such). */
/** Documents the Idempotency-Key header and its answers (routes running under runIdempotent use it alone). */
export const ApiIdempotencyKey = () =>
  applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'Makes a retry safe: the same key with the same body answers the first answer again (Idempotent-Replayed: true); with another body 422 IDEMPOTENCY.KEY_REUSED; while the first still runs 409 IDEMPOTENCY.IN_PROGRESS with Retry-After. 1 to 200 visible ASCII characters.',
    }),
    ApiProblems({
      400: ['IDEMPOTENCY.KEY_INVALID'],
      409: ['IDEMPOTENCY.IN_PROGRESS'],
      422: ['IDEMPOTENCY.KEY_REUSED'],
    }),
  );

export const Idempotent = () =>
  applyDecorators(
    // In this order: the idempotency interceptor sees the handler's HttpAnswer (to store it) before it is sent.
    UseInterceptors(HttpAnswerInterceptor, IdempotencyInterceptor),
    ApiIdempotencyKey(),
  );
