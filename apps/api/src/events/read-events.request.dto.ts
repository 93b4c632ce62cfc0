import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { IsIntegerText } from '../read-models/read-model-queries.request.dto.js';

export const MAX_EVENTS_PAGE = 1000;

export class ReadEventsQueryDto {
  @ApiPropertyOptional({
    description:
      "first global position to return (inclusive): 0 or an event's `position`, a decimal string; default: the start of the log. Page on with cursor, never with a computed position",
  })
  @IsOptional()
  @Matches(/^\d{1,19}$/, { message: '$property must be a non-negative integer' })
  fromPosition?: string;

  @ApiPropertyOptional({
    description:
      "where the previous page ended: pass back its `nextCursor` unchanged (it is that page's last position; this page starts after it). Also: an event's `position` to read what follows it. Not together with fromPosition",
  })
  @IsOptional()
  @Matches(/^\d{1,19}$/, { message: '$property must be a cursor from nextCursor (a non-negative integer)' })
  cursor?: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_EVENTS_PAGE,
    description: `JSON: events in the page (default 100, at most ${MAX_EVENTS_PAGE}). NDJSON: at most this many events; default: up to the head seen when the request arrived`,
  })
  @IsOptional()
  @IsIntegerText(1, 1_000_000)
  limit?: string;
}
