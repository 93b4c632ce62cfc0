import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import type { Request } from 'express';
import { caseWithin, mayEverRunCaseAction, mayRunCaseAction } from '#auth';
import { occurredAtOf, type CaseAction, type CaseCommand, type CaseState } from '#case-domain';
import { correlationIdOf } from '#platform';
import { principalOf } from '../../auth/access.decorator.js';
import { caseHidden, forbidden } from '../../auth/auth-errors.js';
import { JurisdictionService, caseFactsOf } from '../../auth/jurisdiction.service.js';
import { Clock } from '../../http/clock.js';
import type { HttpAnswer } from '../../http/http-answer.js';
import { CaseAddressing } from '../case-addressing.service.js';
import { caseCommandAnswer, type CaseCommandResponseDto } from '../case-command.response.dto.js';
import { ExecuteCaseCommand } from '../execute-case-command.js';
import { commandTypeOf } from './case-action-routes.js';
import { ApprovalAuthority, approvingPostFor } from './approval-authority.js';
import { splitBusinessTime } from './business-time.request.dto.js';

export const CASE_ACTION_KEY = 'gridcase:case-action';

/**
 * A role that may never run the route's action is refused before anything is read or validated
 * (apps/api/src/auth/README.md, "Case actions"); runs after the global AuthGuard.
 */
@Injectable()
export class CaseActionRoleGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const action = this.reflector.get<CaseAction>(CASE_ACTION_KEY, context.getHandler());
    const principal = principalOf(context.switchToHttp().getRequest<Request>());
    if (!mayEverRunCaseAction(principal.roles, action)) throw forbidden(`your role may not ${action} a case`);
    return true;
  }
}

export interface CaseActionRequest {
  readonly commandId: string;
  readonly expectedRevision: bigint | undefined;
  readonly request: Request;
}

/** Runs one case action through the command pipeline, with the caller's jurisdiction and role rules checked on the folded state. */
@Injectable()
export class CaseActionRunner {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly jurisdictions: JurisdictionService,
    private readonly clock: Clock,
    private readonly addressing: CaseAddressing,
    private readonly approvals: ApprovalAuthority,
  ) {}

  async run(
    action: CaseAction,
    caseId: string,
    data: object,
    { commandId, expectedRevision, request }: CaseActionRequest,
  ): Promise<HttpAnswer<CaseCommandResponseDto>> {
    const principal = principalOf(request);
    const actor = principal.id;
    const jurisdiction = await this.jurisdictions.resolve(principal);
    const now = this.clock.nowIso();
    // The body's business time belongs to the command's metadata (ADR 0018), not to its data.
    const { data: own, ...businessTime } = splitBusinessTime(data);
    // Units named in the command: the registry's names of the business date; its verdict comes in authorize.
    const addressed = await this.addressing.address({
      type: commandTypeOf(action),
      data: own,
      metadata: { actor, now, ...businessTime },
    } as unknown as CaseCommand);
    // An approval is checked against the registry as of its own date (ADR 0019).
    const approving = action === 'approve' || action === 'decline-approval';
    const registry = approving ? await this.approvals.registryOn(businessTime.occurredAt ?? now) : undefined;
    // Checked on the state the pipeline folds anyway; a case outside the jurisdiction is hidden (404).
    const authorize = (state: unknown) => {
      const facts = caseFactsOf(state);
      if (facts && !caseWithin(jurisdiction, facts)) throw caseHidden(caseId);
      // Inside the jurisdiction the case is no secret: the rule for its type and level answers 403.
      const reported = state as CaseState;
      if (
        reported.status !== 'none' &&
        !mayRunCaseAction(principal.roles, action, { caseType: reported.caseType, level: reported.level })
      ) {
        throw forbidden(
          `your role may not ${action} this ${reported.caseType} case at ${reported.level} level`,
        );
      }
      // Only then the registry: units known, and on the case's own ladder (422 ADDRESS.*).
      addressed.check(state);
      // The approving post the caller holds for this request, on the state the decider will see;
      // without one the decider refuses (403 CASE.APPROVER_NOT_ENTITLED).
      if (approving) {
        const metadata = addressed.command.metadata as unknown as Record<string, unknown>;
        const post = approvingPostFor(registry, actor, reported, (own as { requestId?: unknown }).requestId);
        if (post) metadata.approvingPost = post;
        else delete metadata.approvingPost;
      }
    };
    const result = await this.commandBus.execute(
      new ExecuteCaseCommand(caseId, addressed.command, {
        commandId,
        actor,
        correlationId: correlationIdOf(request),
        occurredAt: occurredAtOf(addressed.command),
        expectedRevision,
        authorize,
      }),
    );
    return caseCommandAnswer(caseId, result);
  }
}
