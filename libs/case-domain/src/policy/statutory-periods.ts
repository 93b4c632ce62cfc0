import type { PeriodRule } from './case-policy.js';

const rule = (
  ruleId: string,
  amount: number,
  unit: PeriodRule['unit'],
  law: string,
  article?: string,
  note?: string,
): PeriodRule => ({
  amount,
  unit,
  basis: { ruleId, law, ...(article ? { article } : {}), ...(note ? { note } : {}) },
});

/**
 * Statutory periods of 信访工作条例 (2022). Not configuration: the law fixes them. The handling
 * limit (60 days, Art. 34) is `policy.levelLimits.petition`. Calendar days except the objection
 * (the Regulation says 5 working days there).
 */
export const PETITION_PERIODS = {
  routing: rule(
    'petition.routing',
    15,
    'calendar_days',
    '信访工作条例',
    '第二十二条',
    'the petition office routes within 15 days of receipt',
  ),
  notice: rule(
    'petition.notice',
    15,
    'calendar_days',
    '信访工作条例',
    '第二十三条',
    'written notice to the petitioner within 15 days of receipt',
  ),
  objection: rule(
    'petition.objection',
    5,
    'working_days',
    '信访工作条例',
    '第二十三条',
    'a misrouted body objects within 5 working days of receipt',
  ),
  reviewRequest: rule(
    'petition.review.request',
    30,
    'calendar_days',
    '信访工作条例',
    '第三十五条',
    'review request within 30 days of receiving the written answer',
  ),
  reviewAnswer: rule(
    'petition.review.answer',
    30,
    'calendar_days',
    '信访工作条例',
    '第三十五条',
    'review opinion within 30 days of receiving the request',
  ),
  reReviewRequest: rule(
    'petition.re-review.request',
    30,
    'calendar_days',
    '信访工作条例',
    '第三十六条',
    're-review request within 30 days of receiving the review opinion',
  ),
  reReviewAnswer: rule(
    'petition.re-review.answer',
    30,
    'calendar_days',
    '信访工作条例',
    '第三十六条',
    're-review opinion within 30 days of receiving the request; hearing time not counted',
  ),
} as const;

/** Art. 34: the handling limit may be extended by at most 30 days with the approval of the body's head. */
export const PETITION_MAX_EXTENSION_DAYS = 30;

/**
 * Statutory periods of a law-enforcement case. 行政处罚法 Art. 85 makes its 2/3/5/7 days working
 * days; 行政强制法 Art. 69 makes its periods of 10 days or less working days; the rest are calendar
 * days or months (民法典 Art. 201–203). The 90-day decision limit (行政处罚法 Art. 60) is
 * `policy.levelLimits.enforcement`.
 */
export const ENFORCEMENT_PERIODS = {
  screening: rule(
    'enforcement.screening',
    15,
    'working_days',
    '市场监督管理行政处罚程序规定（参照）',
    undefined,
    "lead checked and filing decided within 15 working days of discovery (the five teams' procedural rules; default of docs/domain.md §3.4)",
  ),
  evidenceDecision: rule(
    'enforcement.evidence-preservation',
    7,
    'working_days',
    '行政处罚法',
    '第五十六条、第八十五条',
    'decision on evidence registered for preservation within 7 working days',
  ),
  hearingRequest: rule(
    'enforcement.hearing.request',
    5,
    'working_days',
    '行政处罚法',
    '第六十四条、第八十五条',
    'hearing requested within 5 working days of the notice',
  ),
  hearingNotice: rule(
    'enforcement.hearing.notice',
    7,
    'working_days',
    '行政处罚法',
    '第六十四条、第八十五条',
    "the party is told the hearing's time and place at least 7 working days before it",
  ),
  service: rule(
    'enforcement.service',
    7,
    'working_days',
    '行政处罚法',
    '第六十一条、第八十五条',
    'decision served within 7 working days when not handed over on announcement',
  ),
  payment: rule(
    'enforcement.payment',
    15,
    'calendar_days',
    '行政处罚法',
    '第六十七条',
    'fine paid within 15 days of receiving the decision',
  ),
  demand: rule(
    'enforcement.demand',
    10,
    'working_days',
    '行政强制法',
    '第五十四条、第六十九条',
    'court application only 10 (working) days after the demand is served',
  ),
  appeal: rule(
    'enforcement.appeal-period',
    6,
    'months',
    '行政诉讼法',
    '第四十六条',
    'the party may sue within 6 months (administrative review: 60 days); the court application waits for its end',
  ),
  courtApplication: rule(
    'enforcement.court-application',
    3,
    'months',
    '行政强制法',
    '第五十三条',
    'apply to the court within 3 months after the period for review or litigation ends',
  ),
} as const;

/** +30 days for the 90-day decision limit with the approval of the agency head (Art. 60: "法律、法规、规章另有规定的，从其规定"). */
export const ENFORCEMENT_MAX_EXTENSION_DAYS = 30;

/** 行政处罚法 Art. 51: the simple on-the-spot procedure only for fines up to ¥200 (person) / ¥3,000 (organisation), in fen. */
export const SIMPLE_PROCEDURE_MAX_FINE_FEN = { person: 20_000, organisation: 300_000 } as const;

/** 行政处罚法 Art. 42: at least two officers. */
export const MIN_ENFORCEMENT_OFFICERS = 2;
