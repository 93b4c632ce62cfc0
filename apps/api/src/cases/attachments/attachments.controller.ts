import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import {
  Controller,
  Get,
  GoneException,
  HttpCode,
  HttpException,
  Inject,
  Logger,
  NotFoundException,
  Param,
  Post,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  AttachmentBlobMissingError,
  KNOWN_MEDIA_TYPES,
  THUMBNAIL_MEDIA_TYPE,
  THUMBNAIL_VARIANT,
  isMediaType,
  makeThumbnail,
  mediaKindOf,
  type AttachmentStore,
  type AttachmentsConfig,
} from '#attachments';
import { BlobKeyErasedError } from '#auth';
import type { CaseAttachment } from '#case-domain';
import { Access, principalOf } from '../../auth/access.decorator.js';
import { AnswersWithHeaders, HttpAnswer, revisionTag } from '../../http/http-answer.js';
import { ApiIdParam, IdParam } from '../../http/id-param.decorator.js';
import { invalidInput } from '../../http/field-problems.js';
import { ApiProblems } from '../../openapi/api-problems.decorator.js';
import { AttachmentCases } from './attachment-cases.js';
import { AttachmentUploadService } from './attachment-upload.service.js';
import {
  AttachmentAddedDto,
  AttachmentListDto,
  attachmentDto,
  attachmentPath,
} from './attachment.response.dto.js';
import { ATTACHMENTS_CONFIG, ATTACHMENT_STORE } from './attachments.tokens.js';
import { drainRequest } from './multipart-upload.js';

/** Drained past a refusal besides a whole file: the form's fields, boundaries and part headers. */
const DRAIN_SLACK_BYTES = 1024 * 1024;

const UPLOAD_SCHEMA = {
  type: 'object',
  required: ['file'],
  properties: {
    file: {
      type: 'string',
      format: 'binary',
      description: 'The photo or document (its type is sniffed from the bytes)',
    },
    occurredAt: {
      type: 'string',
      format: 'date-time',
      description: 'When it was taken or received (business time); default: now. Not in the future.',
    },
    caption: { type: 'string', maxLength: 2000, description: 'What it shows (free text)' },
    factRevision: {
      type: 'integer',
      minimum: 0,
      description:
        'The revision of the fact it is evidence of (GET …/history), e.g. the report or the served decision',
    },
  },
} as const;

/** `/api/v1/cases/{caseId}/attachments`: evidence files of a case (README.md beside this file). */
@ApiTags('attachments')
@Controller('api/v1/cases')
export class AttachmentsController {
  constructor(
    private readonly uploads: AttachmentUploadService,
    private readonly cases: AttachmentCases,
    @Inject(ATTACHMENT_STORE) private readonly store: AttachmentStore,
    @Inject(ATTACHMENTS_CONFIG) private readonly config: AttachmentsConfig,
  ) {}

  @Post(':caseId/attachments')
  @Access('case.command')
  @HttpCode(201)
  @AnswersWithHeaders()
  @ApiOperation({
    summary: 'Attach a photo or document to a case as evidence (multipart/form-data, streamed)',
    description: `One part "file" and optional fields. Accepted types (sniffed from the bytes, never from the client): ${Object.keys(KNOWN_MEDIA_TYPES).join(', ')} (ATTACHMENT_MEDIA_TYPES narrows them). Limits per file and per case from ATTACHMENT_MAX_FILE_BYTES, ATTACHMENT_MAX_PER_CASE, ATTACHMENT_MAX_CASE_BYTES. Nothing of a refused upload is stored.`,
  })
  @ApiIdParam('caseId')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: UPLOAD_SCHEMA as never })
  @ApiCreatedResponse({
    type: AttachmentAddedDto,
    headers: {
      Location: { description: 'Where to GET the file', schema: { type: 'string' } },
      ETag: { description: 'The case revision after the upload', schema: { type: 'string' } },
    },
  })
  @ApiProblems({
    400: [
      'VALIDATION.FAILED',
      'ATTACHMENT.MALFORMED_FORM',
      'ATTACHMENT.TRUNCATED',
      'CASE.INVALID_COMMAND',
      'CASE.OCCURRED_IN_FUTURE',
    ],
    404: ['CASE.NOT_FOUND'],
    409: ['ATTACHMENT.ALREADY_ATTACHED', 'CONCURRENCY.CONFLICT'],
    413: ['ATTACHMENT.TOO_LARGE'],
    415: ['ATTACHMENT.NOT_MULTIPART', 'ATTACHMENT.UNSUPPORTED_MEDIA_TYPE'],
    422: [
      'ATTACHMENT.CASE_LIMIT',
      'ATTACHMENT.EMPTY',
      'ATTACHMENT.EXPANDS_TOO_FAR',
      'ATTACHMENT.FACT_NOT_FOUND',
      'ATTACHMENT.FACT_NOT_LINKABLE',
      'ATTACHMENT.IMAGE_TOO_LARGE',
      'ATTACHMENT.MALFORMED',
      'CASE.OCCURRED_IN_FUTURE',
    ],
  })
  async upload(
    @IdParam('caseId') caseId: string,
    @Req() request: Request,
  ): Promise<HttpAnswer<AttachmentAddedDto>> {
    let outcome: Awaited<ReturnType<AttachmentUploadService['upload']>>;
    try {
      outcome = await this.uploads.upload(caseId, request);
    } catch (error) {
      // A refusal (of the case, the form, the file) reaches a client still sending only once its body is read.
      await drainRequest(request, this.config.maxFileBytes + DRAIN_SLACK_BYTES);
      throw error;
    }
    const { result, sha256 } = outcome;
    const added = result.events.find((event) => event.type === 'AttachmentAdded');
    const { caseId: _caseId, ...attachment } = added!.data as CaseAttachment & { caseId: string };
    return new HttpAnswer(
      {
        caseId,
        revision: Number(result.revision),
        events: result.events.map((event) => event.type),
        attachment: attachmentDto(caseId, attachment),
      },
      { Location: attachmentPath(caseId, sha256), ETag: revisionTag(result.revision) },
    );
  }

  @Get(':caseId/attachments')
  @Access('case.read')
  @ApiOperation({
    summary: "A case's attachments, in the order attached (free text rendered for the caller)",
  })
  @ApiIdParam('caseId')
  @ApiOkResponse({ type: AttachmentListDto })
  @ApiProblems({ 404: ['CASE.NOT_FOUND'] })
  async list(@IdParam('caseId') caseId: string, @Req() request: Request): Promise<AttachmentListDto> {
    const read = await this.cases.read(caseId, principalOf(request));
    return {
      caseId,
      revision: read.revision,
      count: read.attachments.length,
      totalBytes: read.attachments.reduce((sum, attachment) => sum + attachment.size, 0),
      attachments: read.attachments.map((attachment) => attachmentDto(caseId, attachment)),
    };
  }

  @Get(':caseId/attachments/:sha256')
  @Access('case.read')
  @ApiOperation({
    summary:
      'The file, decrypted and verified against its SHA-256 while it streams (the connection is cut before the last bytes if it does not match)',
  })
  @ApiIdParam('caseId')
  @ApiParam({ name: 'sha256', schema: { type: 'string', pattern: '^[0-9a-f]{64}$' } })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({
    description: 'The bytes, with the sniffed Content-Type',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiProblems({
    404: ['CASE.NOT_FOUND', 'ATTACHMENT.NOT_FOUND'],
    410: ['PERSONAL_DATA.ERASED'],
    500: ['ATTACHMENT.CONTENT_MISSING'],
  })
  async download(
    @IdParam('caseId') caseId: string,
    @Param('sha256') sha256: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const attachment = await this.attachmentOf(caseId, sha256, request);
    const opened = await this.opening(() => this.store.open(caseId, attachment.sha256, attachment.size));
    const extension = isMediaType(attachment.mediaType)
      ? KNOWN_MEDIA_TYPES[attachment.mediaType].extension
      : 'bin';
    response.status(200).set({
      'Content-Type': attachment.mediaType,
      'Content-Length': String(attachment.size),
      'Content-Disposition': `attachment; filename="${attachment.sha256}.${extension}"`,
      ETag: `"${attachment.sha256}"`,
      // Evidence with faces and plates: no shared cache keeps a copy (an erasure must reach it).
      'Cache-Control': 'private, no-store',
    });
    await stream(opened.body, response);
  }

  @Get(':caseId/attachments/:sha256/thumbnail')
  @Access('case.read')
  @ApiOperation({
    summary: 'An image attachment as a JPEG of at most 320 × 320 pixels (made once, stored encrypted)',
  })
  @ApiIdParam('caseId')
  @ApiParam({ name: 'sha256', schema: { type: 'string', pattern: '^[0-9a-f]{64}$' } })
  @ApiProduces(THUMBNAIL_MEDIA_TYPE)
  @ApiOkResponse({ description: 'The thumbnail', schema: { type: 'string', format: 'binary' } })
  @ApiProblems({
    404: ['CASE.NOT_FOUND', 'ATTACHMENT.NOT_FOUND', 'ATTACHMENT.NO_THUMBNAIL'],
    410: ['PERSONAL_DATA.ERASED'],
    500: ['ATTACHMENT.CONTENT_MISSING'],
  })
  async thumbnail(
    @IdParam('caseId') caseId: string,
    @Param('sha256') sha256: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const attachment = await this.attachmentOf(caseId, sha256, request);
    if (!isMediaType(attachment.mediaType) || mediaKindOf(attachment.mediaType) !== 'image')
      throw new NotFoundException({
        code: 'ATTACHMENT.NO_THUMBNAIL',
        message: 'only images have thumbnails',
      });
    const maxPixels = this.config.media.maxImagePixels;
    const derived = await this.opening(() =>
      this.store.openDerived(caseId, attachment.sha256, attachment.size, THUMBNAIL_VARIANT, (original) =>
        makeThumbnail(original, maxPixels),
      ),
    );
    response.status(200).set({ 'Content-Type': THUMBNAIL_MEDIA_TYPE, 'Cache-Control': 'private, no-store' });
    await stream(derived.body, response);
  }

  private async attachmentOf(caseId: string, sha256: string, request: Request): Promise<CaseAttachment> {
    if (!/^[0-9a-f]{64}$/.test(sha256))
      throw invalidInput({ field: 'sha256', message: 'sha256 must be 64 lowercase hexadecimal digits' });
    const read = await this.cases.read(caseId, principalOf(request));
    const attachment = read.attachments.find((candidate) => candidate.sha256 === sha256);
    if (!attachment)
      throw new NotFoundException({
        code: 'ATTACHMENT.NOT_FOUND',
        message: `case ${caseId} has no attachment ${sha256}`,
      });
    return attachment;
  }

  /** Opens a stored file, turning what can be known before the first byte into problems. */
  private async opening<T>(open: () => Promise<T>): Promise<T> {
    try {
      return await open();
    } catch (error) {
      if (error instanceof BlobKeyErasedError)
        throw new GoneException({
          code: 'PERSONAL_DATA.ERASED',
          message: "the case's persons were erased, and its files with them",
        });
      if (error instanceof AttachmentBlobMissingError)
        throw new HttpException({ code: error.code, message: 'the stored file is missing' }, 500);
      throw error;
    }
  }
}

/** Streams a body out; a failure past the headers (a file that does not verify) cuts the connection. */
async function stream(body: Readable, response: Response): Promise<void> {
  try {
    await pipeline(body, response);
  } catch (error) {
    response.destroy();
    // The client went away (nothing to say), or the stored bytes are not the file (an operator must look).
    if ((error as { code?: string }).code !== 'ERR_STREAM_PREMATURE_CLOSE')
      new Logger('Attachments').error({ err: error }, 'an attachment failed while streaming');
  }
}
