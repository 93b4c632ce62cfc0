import { addDays, daysBetween, formatCst, localDateOf } from '#domain-kernel';
import {
  countWorkingDays,
  ENFORCEMENT_PERIODS,
  officialCalendar,
  type PenaltyKind,
  type PenaltyTerms,
  type ReportedCase,
} from '#case-domain';
import { chinaMidnightOf, dateOf, lastDayOf, MINUTE, workingDay } from './business-calendar.js';
import { personName } from './case-script.js';
import { HEARING_FINE_FEN, MAJOR_FINE_FEN, TEAM_SHORT } from './enforcement.data.js';
import { enforcementDetails, type EnforcementCase, type StepTime } from './enforcement-steps.js';

/** What follows the investigation, fixed before it so the investigation leaves time for it within the decision limit. */
interface DecisionPlan {
  proposed: PenaltyTerms;
  hearingRight: boolean;
  major: boolean;
  majorAtFiling: boolean;
  reviewOutcome: 'no_penalty' | 'transfer_to_judiciary' | 'proposed_penalty';
  hearingRequested: boolean;
  waived: boolean;
  reviewWd: number;
  notifyWd: number;
  requestWd: number;
  scheduleWd: number;
  hearingExtraWd: number;
  decideWd: number;
  /** Working days from the conclusion of the investigation to the decision. */
  toDecision: number;
}

/** 普通程序: filed within 15 working days (rarely later), investigated by two officers, reviewed, notified, heard, decided, served, executed. */
export function scriptOrdinaryProcedure(c: EnforcementCase): void {
  const plan = scriptFiling(c);
  scriptInvestigation(c, plan.toDecision);
  if (!scriptReview(c, plan)) return;
  const { decided, decideNoPenalty } = scriptHearing(c, plan);
  scriptDecision(c, plan, decided, decideNoPenalty);
}

/** The penalty the offence deserves: a fine in the violation's range, now and then with (or only) another penalty. */
function offence(c: EnforcementCase): PenaltyTerms {
  const { rng, violation } = c;
  const fineFen = c.yuan(violation.fine) * 100;
  const extra = violation.extra && rng.chance(0.4) ? [rng.pick(violation.extra)] : [];
  if (rng.chance(0.06)) {
    const kinds: PenaltyKind[] =
      extra.length > 0 && extra[0] !== 'business_restriction' ? extra : ['warning'];
    return { kinds, fineFen: 0, note: '违法情节较轻，不予罚款' };
  }
  return {
    kinds: extra[0] === 'warning' ? ['warning', 'fine'] : ['fine', ...extra],
    fineFen,
    note: `罚款 ${fineFen / 100} 元`,
  };
}

/** The filing (and evidence preservation now and then), and the plan of what follows. */
function scriptFiling(c: EnforcementCase): DecisionPlan {
  const { rng, push, time, violation } = c;
  const lateScreening = rng.chance(0.03);
  const proposed = offence(c);
  const restricted =
    proposed.kinds.includes('business_restriction') || proposed.kinds.includes('licence_measure');
  const hearingRight = restricted || proposed.fineFen >= HEARING_FINE_FEN[c.partyKind];
  const major = restricted || proposed.fineFen >= MAJOR_FINE_FEN[c.partyKind];
  const majorAtFiling = major && rng.chance(0.5);
  push(
    'FileEnforcementCase',
    (_, previous) => time.afterWorkingDays(previous, lateScreening ? rng.int(16, 19) : rng.int(1, 6)),
    (_, now) => ({
      officers: c.investigators,
      ...(majorAtFiling ? { major: true } : {}),
      caseNo: `${TEAM_SHORT[c.team]}立〔${c.yearOf(now)}〕${c.number()}号`,
    }),
  );
  if (rng.chance(0.25)) {
    // 先行登记保存 with the head's approval, decided within 7 working days (Art. 56).
    push('PreserveEvidence', (_, previous) => time.afterWorkingDays(previous, rng.int(0, 2)), {
      items: [...violation.evidence],
      approvedBy: c.head,
    });
    push('DecidePreservedEvidence', (_, previous) => time.afterWorkingDays(previous, rng.int(1, 6)), {
      preservationNo: 1,
      decision: rng.pick(violation.preservation),
    });
  }
  return { proposed, hearingRight, major, majorAtFiling, ...planDecision(c, hearingRight) };
}

function planDecision(c: EnforcementCase, hearingRight: boolean) {
  const { rng } = c;
  const reviewOutcome: DecisionPlan['reviewOutcome'] =
    rng.next() < 0.06 ? 'no_penalty' : rng.next() < 0.03 ? 'transfer_to_judiciary' : 'proposed_penalty';
  const hearingRequested = hearingRight && rng.chance(0.45);
  const waived = hearingRight && !hearingRequested && rng.chance(0.3);
  const reviewWd = rng.int(2, 6);
  const notifyWd = rng.int(1, 3);
  const requestWd = rng.int(1, 3);
  const scheduleWd = rng.int(1, 2);
  const hearingExtraWd = rng.int(0, 2);
  const decideWd = hearingRequested
    ? rng.int(2, 5)
    : waived
      ? rng.int(1, 2)
      : hearingRight
        ? rng.int(0, 3)
        : rng.int(3, 6);
  // Working days from the conclusion to the decision: review, notice, then the hearing (7 working days' notice) or the request window.
  // (+2 for a step that rolls over to the next working day after office hours.)
  const toDecision =
    2 +
    reviewWd +
    (reviewOutcome !== 'proposed_penalty'
      ? 0
      : notifyWd +
        (hearingRequested
          ? requestWd + scheduleWd + 8 + hearingExtraWd + decideWd
          : waived
            ? decideWd
            : hearingRight
              ? 6 + decideWd
              : decideWd));
  return {
    reviewOutcome,
    hearingRequested,
    waived,
    reviewWd,
    notifyWd,
    requestWd,
    scheduleWd,
    hearingExtraWd,
    decideWd,
    toDecision,
  };
}

/** Sometimes an extension of the decision limit, then the conclusion, placed so the decision fits in the limit. */
function scriptInvestigation(c: EnforcementCase, toDecision: number): void {
  const { rng, push, time } = c;
  const extended = rng.chance(0.05);
  if (extended) {
    // A complex case: the head approves 30 more days before the 90 run out; the decision then mostly falls after the first limit.
    push(
      'ExtendDeadline',
      (state, previous) => {
        const filedOn = localDateOf(enforcementDetails(state).filing!.filedAt);
        const lastDay = lastDayOf(state.deadlines.decision!.dueAt);
        let day = workingDay(addDays(filedOn, rng.int(68, 82)), 0);
        while (
          (daysBetween(day, lastDay) < 2 ||
            daysBetween(workingDay(day, toDecision + 1), addDays(lastDay, 30)) < 0) &&
          daysBetween(dateOf(previous), day) > 1
        ) {
          day = addDays(day, -1);
        }
        return time.onOrAfter(day, previous);
      },
      {
        approvedBy: c.head,
        reason: '案情复杂，需补充调查取证，经负责人批准延长办案期限',
        amount: 30,
        deadline: 'decision',
      },
    );
  }
  push(
    'ConcludeInvestigation',
    (state, previous) => {
      const filedOn = localDateOf(enforcementDetails(state).filing!.filedAt);
      const lastDay = lastDayOf(state.deadlines.decision!.dueAt);
      const earliest = workingDay(dateOf(previous), 1);
      let day = workingDay(
        extended ? addDays(dateOf(previous), rng.int(5, 20)) : addDays(filedOn, rng.int(10, 45)),
        0,
      );
      if (daysBetween(earliest, day) < 0) day = earliest;
      while (daysBetween(workingDay(day, toDecision), lastDay) < 0 && daysBetween(earliest, day) > 0)
        day = addDays(day, -1);
      return time.onOrAfter(workingDay(day, 0), previous);
    },
    { summary: `经调查，${c.partyName}${c.violation.facts}的违法事实清楚，证据确凿` },
  );
}

/** The review (with a legal review when major, or now and then); false when it ends the case without a penalty. */
function scriptReview(c: EnforcementCase, plan: DecisionPlan): boolean {
  const { rng, push, time } = c;
  const legalReview =
    plan.major || rng.chance(0.2)
      ? {
          reviewer: `${c.brigadeName}法制审核员${personName(rng)}`,
          opinion: '事实清楚、证据确凿、适用依据正确、程序合法，同意',
          passed: true,
        }
      : undefined;
  const reviewAt = (_: ReportedCase, previous: number) => time.afterWorkingDays(previous, plan.reviewWd);
  if (plan.reviewOutcome === 'no_penalty') {
    push('ReviewEnforcementCase', reviewAt, {
      outcome: 'no_penalty',
      reason: '违法行为轻微并及时改正，没有造成危害后果，依法不予行政处罚（行政处罚法第三十三条）',
      ...(legalReview ? { legalReview } : {}),
    });
    c.archive(0.85, 3, 20, '不予行政处罚，归档');
    return false;
  }
  if (plan.reviewOutcome === 'transfer_to_judiciary') {
    push('ReviewEnforcementCase', reviewAt, {
      outcome: 'transfer_to_judiciary',
      reason: '涉案金额较大，涉嫌犯罪，依法移送司法机关（行政处罚法第二十七条）',
      judiciaryBody: `${c.district.node.name}公安分局`,
    });
    c.archive(0.85, 5, 30, '已移送司法机关，归档');
    return false;
  }
  const { proposed, hearingRight } = plan;
  push('ReviewEnforcementCase', reviewAt, {
    outcome: 'proposed_penalty',
    reason: '违法事实清楚，证据确凿，拟作出行政处罚',
    proposedPenalty: proposed,
    ...(plan.major && !plan.majorAtFiling ? { major: true } : {}),
    ...(legalReview ? { legalReview } : {}),
  });
  push('NotifyProposedPenalty', (_, previous) => time.afterWorkingDays(previous, plan.notifyWd), {
    hearingRight,
    content: `拟${proposed.fineFen > 0 ? `罚款 ${proposed.fineFen / 100} 元` : '给予警告'}；当事人有权进行陈述和申辩${hearingRight ? '，并有权要求听证' : ''}`,
  });
  return true;
}

/** A hearing when the party asks for one: scheduled with 7 working days' notice, held, sometimes lowering the fine. */
function scriptHearing(
  c: EnforcementCase,
  plan: DecisionPlan,
): { decided: PenaltyTerms; decideNoPenalty: boolean } {
  const { rng, push, time } = c;
  const { proposed } = plan;
  let decided = proposed;
  let decideNoPenalty = rng.chance(0.02);
  if (!plan.hearingRequested) return { decided, decideNoPenalty };
  push('RequestHearing', (_, previous) => time.afterWorkingDays(previous, plan.requestWd));
  let hearingAt = 0;
  const presider =
    c.roster.find((o) => !c.investigators.includes(o)) ?? `${c.brigadeName}法制科${personName(rng)}`;
  push(
    'ScheduleHearing',
    (_, previous) => time.afterWorkingDays(previous, plan.scheduleWd),
    (_, now) => {
      // At least 7 working days' notice (Art. 64): the hearing falls on a working day after the 7th.
      const notice = countWorkingDays(officialCalendar, {
        trigger: formatCst(now),
        amount: ENFORCEMENT_PERIODS.hearingNotice.amount,
        basis: ENFORCEMENT_PERIODS.hearingNotice.basis,
      });
      const day = workingDay(workingDay(dateOf(Date.parse(notice.dueAt)), 0), plan.hearingExtraWd);
      hearingAt = chinaMidnightOf(day) + (rng.chance(0.5) ? 9 * 60 : 14 * 60 + 30) * MINUTE;
      return { hearingAt: formatCst(hearingAt), place: `${c.brigadeName}听证室`, presidedBy: presider };
    },
  );
  const attended = rng.chance(0.85);
  push(
    'HoldHearing',
    () => hearingAt + rng.int(60, 180) * MINUTE,
    {
      partyAttended: attended,
      record: attended
        ? '调查人员提出违法事实、证据和处罚建议，当事人进行申辩和质证'
        : '当事人无正当理由未出席听证，视为放弃听证权利',
    },
    presider.startsWith(c.brigadeName) ? c.officer() : presider,
  );
  if (attended && rng.chance(0.3)) {
    const fineFen = Math.max(
      10_000,
      Math.round((proposed.fineFen * (0.6 + rng.next() * 0.3)) / 10_000) * 10_000,
    );
    decided =
      proposed.fineFen > 0
        ? { ...proposed, fineFen, note: `听证后采纳部分申辩意见，罚款 ${fineFen / 100} 元` }
        : proposed;
  }
  decideNoPenalty = attended && rng.chance(0.06);
  return { decided, decideNoPenalty };
}

/** The decision (after the request window unless waived), its service within 7 working days, and its execution. */
function scriptDecision(
  c: EnforcementCase,
  plan: DecisionPlan,
  decided: PenaltyTerms,
  decideNoPenalty: boolean,
): void {
  const { rng, push, time } = c;
  const { hearingRight, hearingRequested, waived, decideWd } = plan;
  const decideAt: StepTime = (state, previous) => {
    const window = state.deadlines.hearingRequest;
    // The request window (5 working days) has to pass unless the party waived in writing.
    if (hearingRight && !hearingRequested && !waived && window)
      return time.onOrAfter(
        workingDay(dateOf(Date.parse(window.dueAt)), decideWd),
        Math.max(previous, Date.parse(window.dueAt)),
      );
    return time.afterWorkingDays(previous, decideWd);
  };
  if (decideNoPenalty) {
    // A waiver in writing lets the decision come before the request window ends, whatever the outcome.
    push('DecidePenalty', decideAt, {
      outcome: 'no_penalty',
      reason: '经听证及陈述申辩，违法事实不能成立，不予行政处罚',
      ...(waived ? { hearingWaived: true } : {}),
    });
    c.archive(0.85, 3, 20, '不予行政处罚，归档');
    return;
  }
  push('DecidePenalty', decideAt, (_, now) => ({
    outcome: 'penalty',
    penalty: decided,
    reason: `${c.violation.facts}，违反${c.violation.legalBasis}`,
    decisionNo: `${TEAM_SHORT[c.team]}罚决〔${c.yearOf(now)}〕${c.number()}号`,
    ...(waived ? { hearingWaived: true } : {}),
  }));
  // Served within 7 working days (Art. 61); now and then a day or three late.
  const lateService = rng.chance(0.03);
  push(
    'ServeDecision',
    (_, previous) => time.afterWorkingDays(previous, lateService ? rng.int(8, 10) : rng.int(0, 3)),
    { method: rng.pick(['in_person', 'in_person', 'in_person', 'post', 'electronic'] as const) },
  );
  if (decided.fineFen === 0) {
    c.archive(0.88, 3, 20, '处罚决定已执行，归档');
    return;
  }
  scriptExecution(c);
}

/** Most pay within 15 days; some late with 3 % a day (Art. 72); others after a demand (催告) or through the court. */
function scriptExecution(c: EnforcementCase): void {
  const { rng, push, time } = c;
  const r = rng.next();
  if (r < 0.6) c.payOnTime();
  else if (r < 0.72) c.payLate();
  else {
    push(
      'DemandPayment',
      (state, previous) => time.onOrAfter(workingDay(addDays(c.dueDate(state), rng.int(2, 15)), 0), previous),
      { note: '催告当事人十日内履行缴纳罚款及加处罚款义务，逾期将依法申请人民法院强制执行' },
    );
    if (r < 0.86) c.pay((_, previous) => workingDay(dateOf(previous), rng.int(1, 8)));
    else {
      // Neither paid nor sued: after the demand and the 6-month litigation period, apply to the court within 3 months (行政强制法 Art. 53).
      push(
        'ApplyCourtEnforcement',
        (state, previous) => {
          const execution = enforcementDetails(state).execution!;
          const from = Math.max(
            Date.parse(state.deadlines.demand!.dueAt),
            Date.parse(execution.appealPeriod.dueAt),
          );
          const closes = lastDayOf(state.deadlines.courtApplication!.dueAt);
          let day = workingDay(addDays(dateOf(from), rng.int(1, 30)), 0);
          while (daysBetween(day, closes) < 1) day = addDays(day, -1);
          return time.onOrAfter(day, Math.max(previous, from));
        },
        { court: `${c.district.node.name}人民法院` },
      );
      c.archive(0.7, 10, 40, '已申请人民法院强制执行，归档');
      return;
    }
  }
  c.archive(0.88, 3, 25, '罚款已缴纳，结案归档');
}
