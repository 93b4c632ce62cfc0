import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { mediaKindOf, isMediaType } from '#attachments';
import type { CaseAttachment } from '#case-domain';
import { CaseCommandResponseDto } from '../case-command.response.dto.js';

export class AttachmentImageDto {
  @ApiProperty() width!: number;
  @ApiProperty() height!: number;
}

export class AttachmentFactDto {
  @ApiProperty({ description: 'Revision of the fact in the case history (GET …/history)' }) revision!: number;
  @ApiProperty({ example: 'DecisionServed' }) type!: string;
}

export class AttachmentDto {
  @ApiProperty({ description: 'SHA-256 of the file, lowercase hex: its address', pattern: '^[0-9a-f]{64}$' })
  sha256!: string;
  @ApiProperty({ description: 'Bytes' }) size!: number;
  @ApiProperty({ description: 'Sniffed from the bytes at upload', example: 'image/jpeg' }) mediaType!: string;
  @ApiPropertyOptional({
    description: "The uploader's file name (free text: [masked] or [erased] for some)",
  })
  fileName?: string;
  @ApiPropertyOptional({ description: 'What it shows (free text)' }) caption?: string;
  @ApiPropertyOptional({ type: AttachmentImageDto }) image?: AttachmentImageDto;
  @ApiPropertyOptional({ type: AttachmentFactDto, description: 'The fact of the case it is evidence of' })
  fact?: AttachmentFactDto;
  @ApiProperty({ description: 'Business time: when it was taken or received' }) occurredAt!: string;
  @ApiProperty({ description: 'When it was attached' }) addedAt!: string;
  @ApiProperty({ description: 'Account id of the uploader' }) addedBy!: string;
  @ApiProperty({ description: 'Where to GET the file' }) href!: string;
  @ApiPropertyOptional({ description: 'Images only: where to GET a JPEG of at most 320 × 320 pixels' })
  thumbnailHref?: string;
}

export class AttachmentListDto {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ description: 'Stream revision of the case read' }) revision!: number;
  @ApiProperty() count!: number;
  @ApiProperty({ description: 'Bytes of all files' }) totalBytes!: number;
  @ApiProperty({ type: [AttachmentDto], description: 'In the order attached' }) attachments!: AttachmentDto[];
}

export class AttachmentAddedDto extends CaseCommandResponseDto {
  @ApiProperty({ type: AttachmentDto }) attachment!: AttachmentDto;
}

export const attachmentPath = (caseId: string, sha256: string) =>
  `/api/v1/cases/${caseId}/attachments/${sha256}`;

/** An attachment as the routes answer it (free text still as stored: rendered for the caller on the way out). */
export function attachmentDto(caseId: string, attachment: CaseAttachment): AttachmentDto {
  const href = attachmentPath(caseId, attachment.sha256);
  const image = isMediaType(attachment.mediaType) && mediaKindOf(attachment.mediaType) === 'image';
  return { ...attachment, href, ...(image ? { thumbnailHref: `${href}/thumbnail` } : {}) };
}
