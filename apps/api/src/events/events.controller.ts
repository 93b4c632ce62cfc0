import { once } from 'node:events';
import { BadRequestException, Controller, Get, Headers, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  maskPersonalData,
  personalDataVisibility,
  type PersonalDataCodec,
  type PersonalDataVisibility,
} from '#auth';
import {
  EVENT_STORE,
  InvalidPositionError,
  type EventStore,
  type ReadAllOptions,
  type RecordedEvent,
} from '#event-store';
import { Access, principalOf } from '../auth/access.decorator.js';
import { PERSONAL_DATA } from '../infrastructure/infrastructure.tokens.js';
import { MAX_EVENTS_PAGE, ReadEventsQueryDto } from './read-events.request.dto.js';
import { ApiOkResponse } from '@nestjs/swagger';
import { ApiProblems } from '../openapi/api-problems.decorator.js';
import { EventsPageDto } from './read-events.response.dto.js';

const NDJSON = 'application/x-ndjson';
/** Events read from the store per page while streaming (memory stays bounded by one page). */
const STREAM_PAGE = 500;
const MAX_POSITION = 9_223_372_036_854_775_807n;

/**
 * The global log in order, for integrations and audits. Positions are decimal strings (they are
 * 64-bit and sparse: names the store gave out, never numbers to compute with, see
 * docs/adr/0015-exclusive-log-positions.md). JSON pages with `nextCursor` (ask again with
 * `cursor=<nextCursor>`: the next page starts after the last event of this one; null on an empty
 * first page: nothing yet, ask the same again later), or one NDJSON stream with
 * `Accept: application/x-ndjson`, written with back-pressure up to the head seen when the request arrived.
 * District-wide readers only (auth/README.md). Personal data is decrypted and then masked for the
 * caller's roles (clear for centre operators, masked for analysts and administrators); an erased
 * person reads `[erased]`.
 */
@ApiTags('events')
@Controller('api/v1/events')
export class EventsController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PERSONAL_DATA) private readonly personalData: PersonalDataCodec,
  ) {}

  @Get()
  @Access('district.read')
  @ApiOkResponse({
    type: EventsPageDto,
    description:
      'A JSON page; with Accept: application/x-ndjson one event (the same shape as an item) per line',
  })
  @ApiProblems({ 400: ['VALIDATION.FAILED'] })
  @ApiOperation({
    summary: 'The global event log in order: JSON pages, or NDJSON with Accept: application/x-ndjson',
  })
  @ApiProduces('application/json', NDJSON)
  async read(
    @Query() query: ReadEventsQueryDto,
    @Headers('accept') accept: string | undefined,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const visibility = personalDataVisibility(principalOf(request).roles);
    const start = startOf(query);
    const limit = query.limit === undefined ? undefined : Number(query.limit);
    if (accept?.toLowerCase().includes(NDJSON)) {
      await this.stream(response, start, limit, visibility);
      return;
    }
    if (limit !== undefined && limit > MAX_EVENTS_PAGE) {
      throw new BadRequestException({
        code: 'VALIDATION.FAILED',
        message: `limit must be an integer from 1 to ${MAX_EVENTS_PAGE} (stream with Accept: ${NDJSON} for more)`,
        errors: [{ field: 'limit', message: `must be an integer from 1 to ${MAX_EVENTS_PAGE}` }],
      });
    }
    const events = await this.personalData.decodeForReader(
      await this.readAt({ ...start.options, maxCount: limit ?? 100 }, start.field),
      visibility,
    );
    const last = events[events.length - 1];
    const cursor = last ? last.globalPosition : start.options.after;
    response.json({
      items: events.map((event) => toView(event, visibility)),
      nextCursor: cursor === undefined ? null : cursor.toString(),
    });
  }

  /** A read at a position the client made up, which the store refuses, is the client's error (400). */
  private async readAt(options: ReadAllOptions, field: string): Promise<RecordedEvent[]> {
    try {
      return await this.store.readAll(options);
    } catch (error) {
      if (!(error instanceof InvalidPositionError)) throw error;
      throw new BadRequestException({
        code: 'VALIDATION.FAILED',
        message: `${field} is not a position of this log: pass 0, an event's position, or a nextCursor unchanged`,
        errors: [{ field, message: 'not a position of this log' }],
      });
    }
  }

  private async stream(
    response: Response,
    start: EventsStart,
    limit: number | undefined,
    visibility: PersonalDataVisibility,
  ): Promise<void> {
    // Read the first page before answering, so a store that is down still gets a problem+json 503.
    const head = await this.store.headPosition();
    let page = await this.personalData.decodeForReader(
      await this.readAt(
        { ...start.options, maxCount: Math.min(STREAM_PAGE, limit ?? STREAM_PAGE) },
        start.field,
      ),
      visibility,
    );
    response.status(200).type(NDJSON);
    response.setHeader('Cache-Control', 'no-store');
    let closed = false;
    response.on('close', () => (closed = true));
    let sent = 0;
    try {
      while (page.length > 0 && !closed) {
        for (const event of page) {
          if (event.globalPosition > head || (limit !== undefined && sent >= limit)) {
            page = [];
            break;
          }
          sent++;
          if (!response.write(`${JSON.stringify(toView(event, visibility))}\n`) && !closed) {
            await Promise.race([once(response, 'drain'), once(response, 'close')]);
          }
          if (closed) break;
        }
        const last = page[page.length - 1];
        if (!last || page.length < STREAM_PAGE || closed || last.globalPosition >= head) break;
        const remaining = limit === undefined ? STREAM_PAGE : Math.min(STREAM_PAGE, limit - sent);
        if (remaining <= 0) break;
        page = await this.personalData.decodeForReader(
          await this.store.readAll({ after: last.globalPosition, maxCount: remaining }),
          visibility,
        );
      }
      response.end();
    } catch (error) {
      // Headers are gone: cut the connection so the client sees a truncated stream, not a clean end.
      response.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  }
}

interface EventsStart {
  readonly options: Pick<ReadAllOptions, 'fromPosition' | 'after'>;
  /** The query parameter the start came from, for a 400 that names it. */
  readonly field: 'fromPosition' | 'cursor';
}

/** `cursor` (exclusive, the paging idiom) or `fromPosition` (inclusive, a first page), never both. */
function startOf(query: ReadEventsQueryDto): EventsStart {
  if (query.cursor !== undefined && query.fromPosition !== undefined) {
    throw new BadRequestException({
      code: 'VALIDATION.FAILED',
      message: 'give cursor (to page on) or fromPosition (to start at a position), not both',
      errors: [{ field: 'cursor', message: 'not together with fromPosition' }],
    });
  }
  const field = query.cursor !== undefined ? 'cursor' : 'fromPosition';
  const text = query.cursor ?? query.fromPosition;
  const position = text === undefined ? 0n : BigInt(text);
  if (position > MAX_POSITION) {
    throw new BadRequestException({
      code: 'VALIDATION.FAILED',
      message: `${field} is out of range`,
      errors: [{ field, message: 'out of range' }],
    });
  }
  if (query.cursor !== undefined) return { options: { after: position }, field };
  return { options: { fromPosition: text === undefined ? 'start' : position }, field };
}

function toView(event: RecordedEvent, visibility: PersonalDataVisibility) {
  return {
    position: event.globalPosition.toString(),
    stream: event.stream,
    revision: event.revision.toString(),
    id: event.id,
    type: event.type,
    data: maskPersonalData(event.data, visibility),
    metadata: event.metadata,
    recordedAt: event.recordedAt,
  };
}
