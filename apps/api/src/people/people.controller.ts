import {
  BadRequestException,
  Body,
  Controller,
  HttpCode,
  Inject,
  Logger,
  NotFoundException,
  Param,
  Post,
  Req,
  Res,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { isUUID } from 'class-validator';
import type { Request, Response } from 'express';
import { verifyErasure, type ErasureReport, type RewrapOutcome, type SqlPersonKeyStore } from '#auth';
import { APP_CONFIG, correlationIdOf, type AppConfig, type Database } from '#platform';
import { Access, principalOf } from '../auth/access.decorator.js';
import { DATABASE, PERSON_KEYS } from '../infrastructure/infrastructure.tokens.js';
import { VerifyErasureRequestDto } from './verify-erasure.request.dto.js';
import { ApiOkResponse } from '@nestjs/swagger';
import { ApiBodyProblems, ApiProblems } from '../openapi/api-problems.decorator.js';
import { ErasureReportDto, PersonErasedDto, RewrapOutcomeDto } from './people.response.dto.js';

/**
 * Erasure of a person's personal data on lawful request (PIPL, docs/domain.md §7) by crypto-shredding:
 * the person's key is deleted (a tombstone row keeps `erased_at`), so every copy of the person's
 * data in the event history, in backups of it and in read models can no longer be decrypted. The
 * history itself is not rewritten; readers show `[erased]`. See docs/adr/0008.
 */
@ApiTags('people')
@Controller('api/v1/people')
export class PeopleController {
  private readonly logger = new Logger('People');

  constructor(
    @Inject(PERSON_KEYS) private readonly keys: SqlPersonKeyStore,
    @Inject(DATABASE) private readonly database: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * After a master-key rotation (PII_MASTER_KEY = the new key, PII_PREVIOUS_MASTER_KEYS = the old
   * ones): re-wraps every person key under the current master key. Idempotent; safe beside live
   * traffic. Once `keysByMasterKey` names only the current id, the old keys can be dropped.
   */
  @Post('keys/rewrap')
  @ApiOkResponse({ type: RewrapOutcomeDto })
  @Access('operations.write')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Re-wrap every person key under the current master key (administrators), after a rotation',
  })
  async rewrap(@Req() request: Request): Promise<RewrapOutcome> {
    const outcome = await this.keys.rewrap();
    this.logger.log(
      {
        event: 'people.keys_rewrapped',
        ...outcome,
        accountId: principalOf(request).id,
        correlationId: correlationIdOf(request),
      },
      'person keys re-wrapped',
    );
    return outcome;
  }

  /**
   * Verifies an erasure (docs/adr/0024): the person's key and its case's text keys are gone, and none
   * of the given values is in clear in any table (log, read models, idempotency records, snapshots)
   * or, embedded, in any file of the data directory. `findings` is empty after a complete erasure.
   */
  @Post(':personId/verify-erasure')
  @ApiOkResponse({ type: ErasureReportDto })
  @ApiBodyProblems()
  @Access('operations.write')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Verify an erasure (administrators): where the person can still be read (live keys, known values in clear in tables or data files)',
  })
  async verifyErasure(
    @Param('personId') personId: string,
    @Body() body: VerifyErasureRequestDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ErasureReport> {
    requireUuid(personId);
    // The answer repeats the values asked about: no cache may keep it.
    response.setHeader('Cache-Control', 'no-store');
    const report = await verifyErasure(this.database.pool, {
      personId,
      knownValues: body.knownValues,
      ...(this.database.kind === 'embedded' && this.config.embeddedDataDir
        ? { dataDir: this.config.embeddedDataDir }
        : {}),
    });
    this.logger.log(
      {
        event: 'people.erasure_verified',
        personId,
        findings: report.findings.length,
        accountId: principalOf(request).id,
        correlationId: correlationIdOf(request),
      },
      'erasure verified',
    );
    return report;
  }

  @Post(':personId/erase')
  @ApiOkResponse({ type: PersonErasedDto })
  @ApiProblems({ 400: ['VALIDATION.FAILED'], 404: ['PERSON.NOT_FOUND'] })
  @Access('operations.write')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Erase a person (administrators): deletes the person key; idempotent, the same answer every time',
  })
  async erase(
    @Param('personId') personId: string,
    @Req() request: Request,
  ): Promise<{ personId: string; erased: true; erasedAt: string }> {
    requireUuid(personId);
    const result = await this.keys.erase(personId);
    if (result.outcome === 'unknown')
      throw new NotFoundException({ code: 'PERSON.NOT_FOUND', message: `person ${personId} does not exist` });
    // An audit line with ids only: the person's data is gone, and was never logged.
    this.logger.log(
      {
        event: 'people.erased',
        personId,
        outcome: result.outcome,
        accountId: principalOf(request).id,
        correlationId: correlationIdOf(request),
      },
      'person erased',
    );
    return { personId, erased: true, erasedAt: result.erasedAt };
  }
}

function requireUuid(personId: string): void {
  if (!isUUID(personId)) {
    throw new BadRequestException({
      code: 'VALIDATION.FAILED',
      message: 'personId must be a UUID',
      errors: [{ field: 'personId', message: 'personId must be a UUID' }],
    });
  }
}
