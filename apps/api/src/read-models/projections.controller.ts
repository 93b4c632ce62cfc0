import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  BadRequestException,
} from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { skipParkedEvent, type ParkedEvent } from '#projections';
import type { Database } from '#platform';
import { DATABASE } from '../infrastructure/infrastructure.tokens.js';
import type { ProjectionReport, ProjectionStatusReader } from './projection-status.reader.js';
import { PROJECTION_STATUS_READER } from './read-models.tokens.js';
import { ApiOkResponse } from '@nestjs/swagger';
import { Access } from '../auth/access.decorator.js';
import { ApiBodyProblems, ApiProblems } from '../openapi/api-problems.decorator.js';
import { ParkedEventSkippedDto, ProjectionListDto } from './read-models.response.dto.js';

export class SkipParkedEventRequestDto {
  @ApiPropertyOptional({
    description: 'who decided to skip (recorded); until auth exists this is whatever the caller says',
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  @Matches(/^\S(.*\S)?$/, { message: 'skippedBy must not start or end with whitespace' })
  skippedBy?: string;
}

/**
 * Operations view of the read models. Statuses come from the database (checkpoints, parked events,
 * the log after each checkpoint), so this answers for workers running in any process.
 * Reading needs a district-wide reader; skipping an administrator.
 */
@ApiTags('projections')
@Controller('api/v1/projections')
export class ProjectionsController {
  constructor(
    @Inject(PROJECTION_STATUS_READER) private readonly reader: ProjectionStatusReader,
    @Inject(DATABASE) private readonly database: Database,
  ) {}

  @Get()
  @Access('district.read')
  @ApiOkResponse({ type: ProjectionListDto })
  @ApiOperation({
    summary: 'Each read model: state, checkpoint, lag (events and seconds), last error, parked events',
  })
  async list() {
    return { items: (await this.reader.read()).map(toView) };
  }

  @Post(':name/parked/:position/skip')
  @Access('operations.write')
  @ApiOkResponse({ type: ParkedEventSkippedDto })
  @ApiBodyProblems()
  @ApiProblems({ 404: ['PROJECTION.NOT_FOUND', 'PROJECTION.PARKED_EVENT_NOT_FOUND'] })
  @HttpCode(200)
  @ApiOperation({
    summary: 'Operator: skip a parked event so the projection moves on (the event stays skipped in rebuilds)',
  })
  async skip(
    @Param('name') name: string,
    @Param('position') position: string,
    @Body() body: SkipParkedEventRequestDto,
  ) {
    if (!/^\d{1,19}$/.test(position) || BigInt(position) > 9_223_372_036_854_775_807n) {
      throw new BadRequestException({
        code: 'VALIDATION.FAILED',
        message: 'position must be a non-negative integer',
        errors: [{ field: 'position', message: 'must be a non-negative integer' }],
      });
    }
    if (!this.reader.has(name))
      throw new NotFoundException({
        code: 'PROJECTION.NOT_FOUND',
        message: `there is no projection ${name}`,
      });
    const skippedBy = body?.skippedBy ? `api:${body.skippedBy}` : 'api:unauthenticated';
    try {
      await skipParkedEvent(this.database.pool, name, BigInt(position), skippedBy);
    } catch (error) {
      if (error instanceof Error && /has no parked event/.test(error.message)) {
        throw new NotFoundException({
          code: 'PROJECTION.PARKED_EVENT_NOT_FOUND',
          message: `projection ${name} has no parked event at position ${position}`,
        });
      }
      throw error;
    }
    return { projection: name, position, skipped: true, skippedBy };
  }
}

function toView(report: ProjectionReport) {
  return {
    name: report.name,
    version: report.version,
    storedVersion: report.storedVersion,
    state: report.state,
    checkpoint: report.checkpoint.toString(),
    lagEvents: report.lagEvents,
    lagEventsCapped: report.lagEventsCapped,
    lagSeconds: Math.round(report.lagSeconds * 1000) / 1000,
    lastError: report.lastError,
    lastErrorAt: report.lastErrorAt,
    failingSince: report.failingSince,
    eventsProcessed: report.eventsProcessed,
    updatedAt: report.updatedAt,
    rebuild: report.rebuild ? { ...report.rebuild, position: report.rebuild.position.toString() } : null,
    parkedEvents: report.parked.map(toParkedView),
  };
}

function toParkedView(event: ParkedEvent) {
  return {
    position: event.position.toString(),
    eventId: event.eventId,
    eventType: event.eventType,
    stream: event.stream,
    error: event.error,
    parkedAt: event.parkedAt,
  };
}
