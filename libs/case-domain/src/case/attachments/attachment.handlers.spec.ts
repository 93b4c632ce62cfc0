import { describe, expect, it } from '@jest/globals';
import { fold } from '#domain-kernel';
import { deciderSpecification } from '#domain-kernel/testing';
import { caseDecider, type AddAttachment, type CaseEvent, type CaseState } from '../../index.js';
import { metadataAt, sampleCommands } from '../../testing/index.js';

const NOW = '2026-05-11T10:00:00+08:00';
const NOW_CST = '2026-05-11T10:00:00+08:00';
const spec = deciderSpecification(caseDecider);
const LIMITS = { maxCount: 3, maxTotalBytes: 10_000 };

function reportedCase(caseType: 'dispute' | 'petition' | 'enforcement' = 'dispute'): CaseEvent[] {
  const report = sampleCommands('case-att', caseType).ReportCase(metadataAt('2026-05-10T09:00:00+08:00'));
  return caseDecider.decide(report, fold(caseDecider, []));
}

function attach(data: Partial<AddAttachment['data']> = {}, actor = 'worker-7'): AddAttachment {
  return {
    type: 'AddAttachment',
    metadata: metadataAt(NOW, actor),
    data: { sha256: 'b'.repeat(64), size: 2_000, mediaType: 'image/jpeg', limits: LIMITS, ...data },
  };
}

const added = (sha: string, size: number): CaseEvent => ({
  type: 'AttachmentAdded',
  data: {
    caseId: 'case-att',
    sha256: sha,
    size,
    mediaType: 'application/pdf',
    occurredAt: NOW_CST,
    addedAt: NOW_CST,
    addedBy: 'worker-7',
  },
});

describe('AddAttachment', () => {
  it('records the file by its hash, size and sniffed type, with caption, image size, linked fact and business time', () => {
    spec
      .given(reportedCase())
      .when(
        attach({
          fileName: 'IMG_2041.jpg',
          caption: '消防通道被三轮车占用',
          image: { width: 4032, height: 3024 },
          fact: { revision: 0, type: 'CaseReported' },
          occurredAt: '2026-05-11T01:30:00Z',
        }),
      )
      .then([
        {
          type: 'AttachmentAdded',
          data: {
            caseId: 'case-att',
            sha256: 'b'.repeat(64),
            size: 2_000,
            mediaType: 'image/jpeg',
            fileName: 'IMG_2041.jpg',
            caption: '消防通道被三轮车占用',
            image: { width: 4032, height: 3024 },
            fact: { revision: 0, type: 'CaseReported' },
            occurredAt: '2026-05-11T09:30:00+08:00',
            addedAt: NOW_CST,
            addedBy: 'worker-7',
          },
        },
      ]);
  });

  it('takes the command business time when the file gives none', () => {
    const [event] = spec
      .given(reportedCase())
      .when(attach())
      .then(
        [added('b'.repeat(64), 2_000)].map((e) => ({
          ...e,
          data: { ...e.data, mediaType: 'image/jpeg' },
        })) as CaseEvent[],
      );
    expect(event!.data).not.toHaveProperty('caption');
  });

  it.each(['dispute', 'petition', 'enforcement'] as const)('applies to %s cases', (caseType) => {
    spec
      .given(reportedCase(caseType))
      .when(attach())
      .thenSatisfies((events) => expect(events.map((event) => event.type)).toEqual(['AttachmentAdded']));
  });

  it('lists the file in the case, and moves neither status nor clocks', () => {
    const given = reportedCase();
    const before = fold(caseDecider, given);
    spec
      .given(given)
      .when(attach({ caption: 'before' }))
      .thenSatisfies((_events, after: CaseState) => {
        expect(after.status).toBe(before.status);
        if (after.status === 'none' || before.status === 'none') throw new Error('reported');
        expect(after.deadlines).toEqual(before.deadlines);
        expect(after.lastChangedAt).toBe(before.lastChangedAt);
        expect(after.attachments).toEqual([
          expect.objectContaining({
            sha256: 'b'.repeat(64),
            size: 2_000,
            caption: 'before',
            addedBy: 'worker-7',
          }),
        ]);
      });
  });

  it('refuses a file already attached to the case (409)', () => {
    spec
      .given([...reportedCase(), added('b'.repeat(64), 2_000)])
      .when(attach())
      .thenThrows('ATTACHMENT.ALREADY_ATTACHED', (error) => expect(error.kind).toBe('illegal_transition'));
  });

  it('refuses a file past the case count limit (422)', () => {
    spec
      .given([
        ...reportedCase(),
        added('1'.repeat(64), 10),
        added('2'.repeat(64), 10),
        added('3'.repeat(64), 10),
      ])
      .when(attach())
      .thenThrows('ATTACHMENT.CASE_LIMIT', (error) => expect(error.kind).toBe('unprocessable'));
  });

  it('refuses a file that takes the case past its byte limit, and accepts one that fills it exactly', () => {
    const given = [...reportedCase(), added('1'.repeat(64), 8_000)];
    spec
      .given(given)
      .when(attach({ size: 2_001 }))
      .thenThrows('ATTACHMENT.CASE_LIMIT');
    spec
      .given(given)
      .when(attach({ size: 2_000 }))
      .thenSatisfies((events) => expect(events).toHaveLength(1));
  });

  it('refuses a business time in the future beyond clock skew, and accepts one within it', () => {
    spec
      .given(reportedCase())
      .when(attach({ occurredAt: '2026-05-11T10:06:00+08:00' }))
      .thenThrows('CASE.OCCURRED_IN_FUTURE');
    spec
      .given(reportedCase())
      .when(attach({ occurredAt: '2026-05-11T10:04:00+08:00' }))
      .thenSatisfies((events) => expect(events).toHaveLength(1));
  });

  it('refuses to link a file to another file', () => {
    spec
      .given([...reportedCase(), added('1'.repeat(64), 10)])
      .when(attach({ fact: { revision: 1, type: 'AttachmentAdded' } }))
      .thenThrows('ATTACHMENT.FACT_NOT_LINKABLE');
  });

  it('lists every bad field at once (400)', () => {
    spec
      .given(reportedCase())
      .when(
        attach({
          sha256: 'XYZ',
          size: 0,
          mediaType: 'jpeg',
          caption: '',
          occurredAt: 'yesterday',
          image: { width: 0, height: 10 },
          fact: { revision: -1, type: '' },
        }),
      )
      .thenThrows('CASE.INVALID_COMMAND', (error) =>
        expect(error.context.problems).toEqual([
          'sha256 must be 64 lowercase hexadecimal digits',
          'size must be a positive integer',
          'mediaType must be a media type such as image/jpeg',
          'caption must be a non-empty string',
          'occurredAt must be an ISO-8601 instant with an offset',
          'image must have a positive integer width and height',
          'fact.revision must be a revision of the case (0 or more)',
          'fact.type must be a non-empty string',
        ]),
      );
  });

  it('refuses a case that was never reported (404)', () => {
    spec.given([]).when(attach()).thenThrows('CASE.NOT_FOUND');
  });
});
