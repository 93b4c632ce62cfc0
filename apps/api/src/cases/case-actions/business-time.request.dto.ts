import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptionalText, TEXT } from '../shared-request.dto.js';
import { IsAbsentOr, IsInstant } from './request-formats.js';

/**
 * What every case command body may carry besides its own data (ADR 0018): when its fact happened in the
 * world, and why it is entered so late. The runner moves both into the command's metadata; the decider
 * checks them against the case (422 `CASE.OCCURRED_IN_FUTURE`, `CASE.OCCURRED_BEFORE_PREVIOUS_FACT`,
 * `CASE.BACKDATING_REASON_REQUIRED`).
 */
export class BusinessTimeRequestDto {
  @ApiPropertyOptional({
    format: 'date-time',
    description:
      'When the fact happened (a letter received, a notice served on the party, a request made, a session held), ISO 8601 with offset; default now. Every clock the fact starts counts from it.',
    example: '2026-03-09T10:00:00+08:00',
  })
  @IsAbsentOr()
  @IsInstant()
  occurredAt?: string;

  @ApiPropertyOptional({
    maxLength: TEXT.reason,
    description:
      'Why a fact older than the backdating window (30 days by default) is entered only now; required then, recorded with it',
  })
  @IsOptionalText(TEXT.reason)
  backdatingReason?: string;
}

/** Splits a validated body into the command's own data and its business time. */
export function splitBusinessTime<T extends object>(
  body: T & BusinessTimeRequestDto,
): { data: Omit<T, 'occurredAt' | 'backdatingReason'>; occurredAt?: string; backdatingReason?: string } {
  const { occurredAt, backdatingReason, ...data } = body;
  return {
    data,
    ...(occurredAt !== undefined ? { occurredAt } : {}),
    ...(backdatingReason !== undefined ? { backdatingReason } : {}),
  };
}
