import { SIMPLE_PROCEDURE_MAX_FINE_FEN, type EnforcementTeam, type PartyKind } from '#case-domain';
import { dateOf } from './business-calendar.js';
import { chainOf, personName, phoneNumber, reportedLocation, type Script } from './case-script.js';
import {
  LEAD_SOURCES,
  NOT_FILED_REASONS,
  REFERRAL_BODIES,
  SHOP_NAMES,
  TEAM_SHORT,
  TEAM_WEIGHTS,
  VIOLATIONS,
} from './enforcement.data.js';
import { scriptOrdinaryProcedure } from './enforcement-ordinary-procedure.js';
import { enforcementCase, type EnforcementCase } from './enforcement-steps.js';
import type { Actors, Location, SquadIndex } from './registry-index.js';
import type { Rng } from './seeded-random.js';

/** A team drawn by how often its leads turn up in the setting, among teams with offences there. */
function drawTeam(rng: Rng, setting: 'urban' | 'rural', candidates: (team: EnforcementTeam) => unknown[]) {
  const weights = Object.entries(TEAM_WEIGHTS[setting]).filter(
    ([team]) => candidates(team as EnforcementTeam).length > 0,
  ) as [EnforcementTeam, number][];
  let draw = rng.next() * weights.reduce((sum, [, w]) => sum + w, 0);
  let team = weights[0]![0];
  for (const [t, w] of weights) {
    team = t;
    if ((draw -= w) < 0) break;
  }
  return team;
}

/**
 * A law-enforcement case: a lead reported to the area squad of one of the five teams, then screened
 * (not filed, referred out, the on-the-spot procedure) or filed and investigated by two officers,
 * reviewed, notified, sometimes heard, decided, served and executed (paid on time, late with the
 * surcharge, after a demand, or through the court), and archived. Undefined when the registry has no
 * squad for the location (the caller scripts a dispute instead).
 */
export function scriptEnforcement(
  rng: Rng,
  location: Location,
  actors: Actors,
  squads: SquadIndex,
): Script | undefined {
  const setting = location.rural ? 'rural' : 'urban';
  const candidates = (team: EnforcementTeam) =>
    VIOLATIONS.filter((v) => v.team === team && (!v.where || v.where === setting));
  const team = drawTeam(rng, setting, candidates);
  const placed = squads.squadFor(team, location.gridId);
  if (!placed) return undefined;
  const { squad, brigadeId, brigadeName } = placed;
  const violation = rng.pick(candidates(team));
  const [building, , , district] = chainOf(location);
  const partyKind: PartyKind =
    violation.party === 'either' ? (rng.chance(0.5) ? 'person' : 'organisation') : violation.party;
  const partyName =
    partyKind === 'person'
      ? personName(rng)
      : `${district.node.name.replace(/区$/, '')}${rng.pick(SHOP_NAMES)}${rng.pick(violation.businesses)}`;
  const [source, leadSource, recorder] = rng.pick(LEAD_SOURCES);
  const complainant =
    source === 'hotline_12345' || source === 'online'
      ? { name: personName(rng), phone: phoneNumber(rng) }
      : undefined;

  // The squad's officers act (two investigate, per Art. 42); a registry without squad logins falls back to the centre's convention.
  const accounts = actors.squadOfficers(squad.id);
  const roster =
    accounts.length >= 2
      ? [...accounts]
      : [...accounts, `${squad.code}-执法队员甲`, `${squad.code}-执法队员乙`].slice(0, 2);
  const first = rng.int(0, roster.length - 1);
  const investigators = [
    roster[first]!,
    roster[(first + 1 + rng.int(0, roster.length - 2)) % roster.length]!,
  ];
  const officer = () => (accounts.length > 0 ? rng.pick(investigators) : actors.centre);

  const where = `${location.gridName}${location.buildingName ? ` ${location.buildingName}` : ''}`;
  const report = {
    caseType: 'enforcement',
    source,
    title: `${partyName}${violation.title}`,
    description: `${where}：${partyName}涉嫌${violation.facts}（${leadSource}）。`,
    category: violation.category,
    urgency: 'general',
    location: reportedLocation(location),
    ...(complainant ? { reporter: complainant } : {}),
    enforcement: {
      team,
      squadId: squad.id,
      brigadeId,
      party: { kind: partyKind, name: partyName },
      leadSource,
    },
  };
  const reporterActor =
    recorder === 'grid'
      ? actors.forStep(building, rng)
      : recorder === 'squad' && accounts.length > 0
        ? rng.pick(accounts)
        : actors.centre;
  const c = enforcementCase(rng, {
    team,
    violation,
    partyKind,
    partyName,
    district,
    brigadeName,
    roster,
    investigators,
    officer,
  });
  scriptScreening(c);
  return { report, reporterActor, steps: c.steps };
}

/** Referred out, not filed, decided on the spot, or filed for the ordinary procedure. */
function scriptScreening(c: EnforcementCase): void {
  const { rng, push, time, team, district } = c;
  const roll = rng.next();
  if (roll < 0.06) {
    // 移送: another body's matter, or a suspected crime for the police.
    const judiciary = rng.chance(0.3);
    push('ReferOut', (_, previous) => time.afterWorkingDays(previous, rng.int(1, 5)), {
      route: judiciary ? 'judiciary' : 'competent_body',
      body: judiciary ? `${district.node.name}公安分局` : rng.pick(REFERRAL_BODIES[team]),
      reason: judiciary
        ? '涉嫌犯罪，依法移送公安机关（行政处罚法第二十七条）'
        : '不属于本机关管辖，依法移送有管辖权的机关',
    });
    c.archive(0.8, 1, 10, '已移送，归档');
    return;
  }
  if (roll < 0.2) {
    push('ScreenLead', (_, previous) => time.afterWorkingDays(previous, rng.int(1, 8)), {
      outcome: 'not_filed',
      reason: rng.pick(NOT_FILED_REASONS),
    });
    c.archive(0.85, 1, 10, '不予立案，归档');
    return;
  }
  if (c.violation.spot && rng.chance(0.55)) scriptSimpleProcedure(c, c.violation.spot);
  else scriptOrdinaryProcedure(c);
}

/** 简易程序 (Arts. 51–52): decided and handed over on the spot; a fine within ¥200 / ¥3,000. */
function scriptSimpleProcedure(c: EnforcementCase, spotFine: readonly [number, number]): void {
  const { rng, violation, partyKind } = c;
  const warningOnly = rng.chance(0.25);
  const fineFen = warningOnly
    ? 0
    : Math.min(c.yuan(spotFine) * 100, SIMPLE_PROCEDURE_MAX_FINE_FEN[partyKind]);
  c.push(
    'ScreenLead',
    (_, previous) => c.time.afterWorkingDays(previous, rng.int(0, 2)),
    (_, now) => ({
      outcome: 'simple_procedure',
      reason: '违法事实确凿并有法定依据，适用简易程序当场作出行政处罚决定',
      onTheSpot: {
        partyKind,
        partyName: c.partyName,
        penalty: warningOnly
          ? { kinds: ['warning'], fineFen: 0, note: '当场警告' }
          : { kinds: ['fine'], fineFen, note: `当场罚款 ${fineFen / 100} 元` },
        facts: violation.facts,
        legalBasis: violation.legalBasis,
        officers: c.investigators,
        decisionNo: `${TEAM_SHORT[c.team]}简罚〔${c.yearOf(now)}〕${c.number()}号`,
      },
    }),
  );
  if (!warningOnly) {
    const r = rng.next();
    if (r < 0.65)
      c.pay((_, previous) => dateOf(previous)); // collected on the spot (Arts. 68–69): a same-day payment
    else if (r < 0.93) c.payOnTime();
    else c.payLate();
  }
  c.archive(0.85, 1, 15, '简易程序案件，归档');
}
