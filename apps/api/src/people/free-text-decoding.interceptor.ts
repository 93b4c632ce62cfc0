import {
  Inject,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { from, mergeMap, type Observable } from 'rxjs';
import { personalDataVisibility, type PersonalDataCodec, type Principal } from '#auth';
import { PERSONAL_DATA } from '../infrastructure/infrastructure.tokens.js';

/**
 * Read models copy the free text of case events (titles, escalation reasons, folded states) as
 * the events hold it: encrypted under the case's text key (docs/adr/0008). Every GET answer is
 * rendered here on its way out for the caller: clear for roles that see names, `[masked]` for the
 * others, `[erased]` once the key is gone, also after a rebuild: the read models never held clear
 * text. Persons are not touched (they are decoded and masked by the case routes only). Answers
 * without a token pass unchanged; routes that write the response themselves (`/events`) render it there.
 */
@Injectable()
export class FreeTextDecodingInterceptor implements NestInterceptor {
  constructor(@Inject(PERSONAL_DATA) private readonly personalData: PersonalDataCodec) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    if (request.method !== 'GET') return next.handle();
    // Public routes (health, metrics) carry no principal and no case text: nothing to render.
    // Every signed-in read may carry personal data or case text: no cache keeps it (issue #18).
    if (request.principal)
      context.switchToHttp().getResponse<Response>().setHeader('Cache-Control', 'no-store');
    const visibility = personalDataVisibility(request.principal?.roles ?? []);
    return next
      .handle()
      .pipe(mergeMap((body: unknown) => from(this.personalData.renderFreeText(body, visibility))));
  }
}
