import { describe, expect, it } from '@jest/globals';
import { eventWords } from './event-words';

describe('case events in words', () => {
  it('says what was done, to which unit and why, in either language', () => {
    const data = { unit: { unitId: 'u-1', name: '文昌路社区居委会' }, reason: '需社区协调' };
    expect(eventWords('zh', 'CaseDispatched', data)).toBe('派遣给 文昌路社区居委会 （需社区协调）');
    expect(eventWords('en', 'CaseDispatched', data)).toBe(
      'dispatched the case to 文昌路社区居委会 (需社区协调)',
    );
  });

  it('names the level an escalation went to and the title of a report', () => {
    expect(eventWords('en', 'CaseEscalated', { toLevel: 'street' })).toBe('escalated the case to Street');
    expect(eventWords('zh', 'CaseReported', { title: '楼道堆物' })).toBe('上报了案件 「楼道堆物」');
  });

  it('quotes the caption of an attached file', () => {
    expect(eventWords('zh', 'AttachmentAdded', { caption: '现场照片' })).toBe('添加了附件 「现场照片」');
    expect(eventWords('en', 'AttachmentAdded', {})).toBe('attached a file');
  });

  it('writes an event it does not know as words from its type', () => {
    expect(eventWords('en', 'SomethingNewHappened', {})).toBe('something new happened');
  });
});
