import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import {
  ConflictException,
  HttpException,
  Inject,
  Injectable,
  UnprocessableEntityException,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Request } from 'express';
import { isISO8601 } from 'class-validator';
import {
  ATTACHMENT_FAULT_MARKER,
  AttachmentRefusedError,
  type AttachmentStore,
  type AttachmentsConfig,
  type StagedFile,
} from '#attachments';
import type { AddAttachment, AttachmentFact, CaseCommand } from '#case-domain';
import type { PipelineResult } from '#command-pipeline';
import { caseWithin } from '#auth';
import { correlationIdOf } from '#platform';
import { principalOf } from '../../auth/access.decorator.js';
import { caseHidden } from '../../auth/auth-errors.js';
import { JurisdictionService, caseFactsOf } from '../../auth/jurisdiction.service.js';
import { Clock } from '../../http/clock.js';
import { invalidInput, type FieldProblem } from '../../http/field-problems.js';
import { ExecuteCaseCommand } from '../execute-case-command.js';
import { AttachmentCases, type AttachmentCase } from './attachment-cases.js';
import { ATTACHMENTS_CONFIG, ATTACHMENT_STORE } from './attachments.tokens.js';
import { receiveUpload, type UploadFields } from './multipart-upload.js';

export interface UploadOutcome {
  readonly caseId: string;
  readonly result: PipelineResult<{ type: string; data: unknown }, unknown>;
  readonly sha256: string;
}

/**
 * `POST /api/v1/cases/{caseId}/attachments` (docs/adr/0034, 0035): the case is read and checked first
 * (404 outside the jurisdiction, 422 when it has no room), then the file is streamed through the
 * media inspector, hash and cipher into a staging blob, placed at its content address under a claim,
 * and only then is AttachmentAdded appended: a file is durable before any event names it, and one
 * whose event never lands is an orphan the worker's sweep removes.
 */
@Injectable()
export class AttachmentUploadService {
  constructor(
    @Inject(ATTACHMENTS_CONFIG) private readonly config: AttachmentsConfig,
    @Inject(ATTACHMENT_STORE) private readonly store: AttachmentStore,
    private readonly cases: AttachmentCases,
    private readonly jurisdictions: JurisdictionService,
    private readonly commandBus: CommandBus,
    private readonly clock: Clock,
  ) {}

  async upload(caseId: string, request: Request): Promise<UploadOutcome> {
    const principal = principalOf(request);
    const before = await this.cases.read(caseId, principal);
    const totalBytes = before.attachments.reduce((sum, attachment) => sum + attachment.size, 0);
    if (before.attachments.length >= this.config.maxPerCase || totalBytes >= this.config.maxCaseBytes)
      throw caseFull(this.config, before.attachments.length, totalBytes);
    const room = this.config.maxCaseBytes - totalBytes;
    const maxBytes = Math.min(this.config.maxFileBytes, room);
    const tooLarge = () =>
      maxBytes === this.config.maxFileBytes
        ? new AttachmentRefusedError('ATTACHMENT.TOO_LARGE', 413, `a file may have at most ${maxBytes} bytes`)
        : new AttachmentRefusedError(
            'ATTACHMENT.CASE_LIMIT',
            422,
            `the case has room for ${room} more bytes of files (ATTACHMENT_MAX_CASE_BYTES)`,
          );
    const received = await receiveUpload(
      request,
      maxBytes,
      (body) => this.store.stage(caseId, body, { maxBytes, tooLarge }),
      (staged) => this.store.discard(staged),
    ).catch((error: unknown) => {
      throw error instanceof AttachmentRefusedError ? refusalProblem(error) : error;
    });
    const staged = received.file;
    let command: AddAttachment;
    try {
      // Read again: the fact named must exist, and a file already attached is never replaced in place.
      const current = await this.cases.read(caseId, principal);
      if (current.attachments.some((attachment) => attachment.sha256 === staged.sha256))
        throw new ConflictException({
          code: 'ATTACHMENT.ALREADY_ATTACHED',
          message: `the file ${staged.sha256} is already attached to this case`,
          extensions: { sha256: staged.sha256 },
        });
      command = this.commandOf(staged, received.fields, received.fileName, current, principal.id);
    } catch (error) {
      await this.store.discard(staged).catch(() => undefined);
      throw error;
    }
    const { release } = await this.store.place(staged);
    try {
      await this.faultPause(caseId, staged.sha256);
      const result = await this.append(caseId, command, request);
      return { caseId, result, sha256: staged.sha256 };
    } finally {
      await release();
    }
  }

  /** The crash spec's window: the file is in place and claimed, its event not yet appended. */
  private async faultPause(caseId: string, sha256: string): Promise<void> {
    const pauseMs = this.config.faultPauseBeforeAppendMs;
    if (pauseMs <= 0) return;
    process.stderr.write(`${ATTACHMENT_FAULT_MARKER} ${JSON.stringify({ caseId, sha256 })}\n`);
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }

  private async append(
    caseId: string,
    command: AddAttachment,
    request: Request,
  ): Promise<UploadOutcome['result']> {
    const principal = principalOf(request);
    const jurisdiction = await this.jurisdictions.resolve(principal);
    const now = this.clock.nowIso();
    return this.commandBus.execute(
      new ExecuteCaseCommand(caseId, command as CaseCommand, {
        commandId: randomUUID(),
        actor: principal.id,
        correlationId: correlationIdOf(request),
        occurredAt: now,
        expectedRevision: undefined,
        // The case may have moved out of the caller's jurisdiction while the file streamed in.
        authorize: (state: unknown) => {
          const facts = caseFactsOf(state);
          if (facts && !caseWithin(jurisdiction, facts)) throw caseHidden(caseId);
        },
      }),
    );
  }

  private commandOf(
    staged: StagedFile,
    fields: UploadFields,
    clientFileName: string | undefined,
    current: AttachmentCase,
    actor: string,
  ): AddAttachment {
    const problems: FieldProblem[] = [];
    const { occurredAt, caption, factRevision } = fields;
    if (occurredAt !== undefined && !(isISO8601(occurredAt, { strict: true }) && /T/.test(occurredAt)))
      problems.push({ field: 'occurredAt', message: 'must be an ISO-8601 date-time with its offset' });
    let fact: AttachmentFact | undefined;
    if (factRevision !== undefined) {
      const event = /^\d{1,9}$/.test(factRevision)
        ? current.events.find((recorded) => Number(recorded.revision) === Number(factRevision))
        : undefined;
      if (!/^\d{1,9}$/.test(factRevision))
        problems.push({ field: 'factRevision', message: 'must be a revision of the case (0 or more)' });
      else if (!event)
        throw new UnprocessableEntityException({
          code: 'ATTACHMENT.FACT_NOT_FOUND',
          message: `the case has no revision ${factRevision} (its last is ${current.revision})`,
        });
      else fact = { revision: Number(factRevision), type: event.type };
    }
    if (problems.length > 0) throw invalidInput(problems);
    const fileName = cleanFileName(clientFileName);
    return {
      type: 'AddAttachment',
      data: {
        sha256: staged.sha256,
        size: staged.size,
        mediaType: staged.media.mediaType,
        ...(staged.media.image ? { image: staged.media.image } : {}),
        ...(fileName ? { fileName } : {}),
        ...(caption !== undefined && caption !== '' ? { caption } : {}),
        ...(fact ? { fact } : {}),
        ...(occurredAt !== undefined ? { occurredAt } : {}),
        limits: { maxCount: this.config.maxPerCase, maxTotalBytes: this.config.maxCaseBytes },
      },
      metadata: { actor, now: this.clock.nowIso() },
    } as AddAttachment;
  }
}

/** The last segment of the device's name, without control characters, at most 255 characters. */
function cleanFileName(name: string | undefined): string | undefined {
  if (!name) return undefined;
  const cleaned = [...basename(name.replace(/\\/g, '/'))]
    .filter((char) => char.charCodeAt(0) >= 0x20 && char.charCodeAt(0) !== 0x7f)
    .join('')
    .trim()
    .slice(0, 255);
  return cleaned === '' ? undefined : cleaned;
}

function caseFull(config: AttachmentsConfig, count: number, totalBytes: number): HttpException {
  return new UnprocessableEntityException({
    code: 'ATTACHMENT.CASE_LIMIT',
    message: `a case holds at most ${config.maxPerCase} files and ${config.maxCaseBytes} bytes; it holds ${count} files and ${totalBytes} bytes`,
    extensions: { count, totalBytes, maxCount: config.maxPerCase, maxTotalBytes: config.maxCaseBytes },
  });
}

function refusalProblem(error: AttachmentRefusedError): HttpException {
  return new HttpException({ code: error.code, message: error.message }, error.status);
}
