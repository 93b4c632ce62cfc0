import { ApiProperty } from '@nestjs/swagger';
import type { PipelineResult } from '#command-pipeline';
import { HttpAnswer, revisionTag } from '../http/http-answer.js';

/** The answer of every case command: the case, its stream revision after the command (also the ETag) and the events appended. */
export class CaseCommandResponseDto {
  @ApiProperty({ format: 'uuid' })
  caseId!: string;

  @ApiProperty({
    description: 'The stream revision after this command; the ETag to send back in If-Match',
    example: 3,
  })
  revision!: number;

  @ApiProperty({
    type: [String],
    description: 'The types of the events this command appended (on a replay: the ones it appended then)',
    example: ['CaseDispatched'],
  })
  events!: string[];
}

/** The ETag header every case command answers with. */
export const CASE_COMMAND_HEADERS = {
  ETag: {
    description: 'The stream revision after the command, e.g. "3": send it in If-Match',
    schema: { type: 'string' },
  },
} as const;

export function caseCommandAnswer(
  caseId: string,
  result: PipelineResult<{ type: string }, unknown>,
  headers: Record<string, string> = {},
): HttpAnswer<CaseCommandResponseDto> {
  return new HttpAnswer(
    { caseId, revision: Number(result.revision), events: result.events.map((event) => event.type) },
    { ETag: revisionTag(result.revision), ...headers },
  );
}
