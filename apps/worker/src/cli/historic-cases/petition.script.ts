import type { HandlingStep } from '#registry-domain';
import { v5 as uuidv5 } from 'uuid';
import { MINUTE } from './business-calendar.js';
import { PETITION_CHANNELS_BY_SOURCE, PETITIONS } from './case.data.js';
import {
  CASES_NAMESPACE,
  chainOf,
  personName,
  phoneNumber,
  reportedLocation,
  timedSteps,
  unitOf,
  type Script,
} from './case-script.js';
import type { Actors, Location } from './registry-index.js';
import type { Rng } from './seeded-random.js';

type Push = ReturnType<typeof timedSteps>['push'];

/**
 * A petition (信访工作条例): routed (交办) to the street centre, notified, answered; some then ask
 * for review at the district and re-review above it, others let the window pass and are closed.
 */
export function scriptPetition(rng: Rng, location: Location, actors: Actors): Script {
  const person = { name: personName(rng), phone: phoneNumber(rng, ['38', '39', '58', '86']) };
  const topic = rng.pick(PETITIONS);
  const [channel, source] = rng.pick(PETITION_CHANNELS_BY_SOURCE);
  const [, community, street, district] = chainOf(location);
  const report = {
    caseType: 'petition',
    source,
    title: `${person.name}来${channel === 'visit' ? '访' : '信'}反映${topic.matter.slice(0, 12)}`,
    description: `${community.node.name}居民${person.name}反映：${topic.matter}。`,
    category: 'petition',
    urgency: 'general',
    location: reportedLocation(location),
    reporter: person,
    level: 'street',
    petition: {
      channel,
      class: 'request',
      petitioners: [person],
      matter: topic.matter,
      request: topic.request,
      respondent: topic.respondent,
    },
  };
  const { steps, push } = timedSteps(actors.centre);
  const days = (min: number, max: number) => rng.int(min * 24 * 60, max * 24 * 60) * MINUTE;
  const streetStaff = () => actors.forStep(street, rng);

  if (rng.chance(0.08)) {
    push(
      'RoutePetition',
      { mode: 'inform', competentBody: topic.respondent, note: '告知向有权处理的机关提出' },
      days(1, 10),
    );
    return { report, reporterActor: actors.centre, steps };
  }
  push(
    'RoutePetition',
    { mode: 'assign', toBody: unitOf(street), note: '交办街道综治中心办理并报告结果' },
    days(1, 12),
  );
  push('NotifyPetitioner', { content: '已受理，将在六十日内办结并书面答复' }, days(1, 12), streetStaff());
  if (rng.chance(0.1)) {
    push(
      'DivertPetition',
      { route: 'litigation', body: `${district.node.name}人民法院`, reason: '属于应当通过诉讼解决的事项' },
      days(3, 15),
      streetStaff(),
    );
    return { report, reporterActor: actors.centre, steps };
  }
  answerAndReview(rng, push, days, streetStaff, district);
  return { report, reporterActor: actors.centre, steps };
}

/** The answer; then review and re-review asked for, or the windows left to pass. */
function answerAndReview(
  rng: Rng,
  push: Push,
  days: (min: number, max: number) => number,
  streetStaff: () => string,
  district: HandlingStep,
): void {
  // 41 days at the earliest: a 30-day window whose last day falls in a long holiday (Spring Festival,
  // National Day) ends only with the next working day, up to ten days later (docs/domain.md §3.5).
  const closeForNoRequest = () =>
    push('ClosePetitionForNoRequest', {}, days(41, 50), 'system:petition-windows');
  const answer = rng.pick(['support', 'support', 'explain', 'not_support'] as const);
  push(
    'AnswerPetition',
    {
      answer,
      opinion:
        answer === 'support'
          ? '诉求合理，予以支持'
          : answer === 'explain'
            ? '已向信访人解释说明相关政策'
            : '诉求缺乏依据，不予支持',
    },
    days(15, 55),
    streetStaff(),
  );
  if (answer !== 'support' && rng.chance(0.5)) {
    push(
      'RequestReview',
      { reviewBody: unitOf(district), reason: '对处理意见不服，请求复查' },
      days(3, 25),
      'public:petitioner',
    );
    const review = rng.pick(['explain', 'not_support', 'support'] as const);
    push('AnswerReview', { answer: review, opinion: '经复查，维持原处理意见' }, days(10, 28));
    if (review !== 'support' && rng.chance(0.4)) {
      push(
        'RequestReReview',
        {
          reReviewBody: { unitId: uuidv5('city-petition-bureau', CASES_NAMESPACE), name: '市信访局' },
          reason: '对复查意见不服，请求复核',
        },
        days(3, 25),
        'public:petitioner',
      );
      push(
        'AnswerReReview',
        { answer: 'not_support', opinion: '经复核，维持复查意见，此为最终意见' },
        days(15, 29),
      );
    } else {
      closeForNoRequest();
    }
  } else {
    closeForNoRequest();
  }
}
