import { randomUUID } from 'node:crypto';
import { disputeReport } from '../cases/case-api.js';
import { enforcementReport, PastHandling } from '../cases/petition-enforcement-helpers.js';
import { http, type TestUser } from '../support/test-app.js';
import type { ConsoleApp } from './console-browser.js';

export const DAY_MS = 24 * 3_600_000;

/** Calls the API as `user`, failing loudly on anything but 2xx. */
export async function must(
  app: ConsoleApp,
  user: TestUser,
  method: string,
  path: string,
  body?: unknown,
): Promise<any> {
  const response = await http(app.t.baseUrl, method, path, { body, auth: user.token });
  if (response.status >= 300)
    throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body;
}

export async function handlerAt(app: ConsoleApp, user: TestUser, gridId: string, level: string) {
  const chain = await must(app, user, 'GET', `/api/v1/jurisdictions/nodes/${gridId}/handling-chain`);
  const step = chain.steps.find((candidate: { level: string }) => candidate.level === level);
  return { unitId: step.handler.id as string, name: step.handler.name as string };
}

/**
 * A dispute dispatched ten days ago to the grid's building-level unit and escalated to its community
 * the next day, entered as an import of paper files (business time in the past: HTTP always acts
 * now), so the overdue list and the escalation board have it.
 */
export async function pastEscalatedDispute(
  app: ConsoleApp,
  user: TestUser,
  gridId: string,
  title: string,
): Promise<string> {
  const now = Date.now();
  const past = new PastHandling(app.t);
  await past.report(
    now - 10 * DAY_MS,
    disputeReport({ title, location: { gridId, address: '幸福里 3 栋' } }),
  );
  await past.at(now - 10 * DAY_MS + 60_000, 'RegisterCase', {});
  await past.at(now - 10 * DAY_MS + 120_000, 'DispatchCase', {
    unit: await handlerAt(app, user, gridId, 'building'),
  });
  await past.at(now - 9 * DAY_MS, 'EscalateCase', {
    reason: '楼院层级无法调处',
    unit: await handlerAt(app, user, gridId, 'community'),
  });
  return past.caseId;
}

/**
 * A dispute handled at district level (the top: nothing can escalate it further) whose limits passed
 * days ago, entered as an import of paper files: it stays on the overdue list.
 */
export async function pastOverdueAtTheTop(
  app: ConsoleApp,
  user: TestUser,
  gridId: string,
  title: string,
): Promise<string> {
  const now = Date.now();
  const past = new PastHandling(app.t);
  await past.report(
    now - 20 * DAY_MS,
    disputeReport({ title, level: 'district', location: { gridId, address: '幸福里 9 栋' } }),
  );
  await past.at(now - 20 * DAY_MS + 60_000, 'RegisterCase', {});
  await past.at(now - 20 * DAY_MS + 120_000, 'DispatchCase', {
    unit: await handlerAt(app, user, gridId, 'district'),
  });
  return past.caseId;
}

/** The squad's team (the report names it) from the registry. */
export async function teamOfSquad(app: ConsoleApp, user: TestUser, squadId: string): Promise<string> {
  const { teams } = await must(app, user, 'GET', '/api/v1/jurisdictions/squads');
  const team = teams.find((candidate: { squads: Array<{ id: string }> }) =>
    candidate.squads.some((squad) => squad.id === squadId),
  );
  return team.domain as string;
}

/**
 * An enforcement case driven over HTTP by the squad's officer up to the penalty notice (the hearing
 * request window runs) and, with `served`, decided with the hearing waived and served (the payment
 * period runs).
 */
export async function enforcementCase(
  app: ConsoleApp,
  operator: TestUser,
  officer: TestUser,
  squadId: string,
  gridId: string,
  title: string,
  served: boolean,
): Promise<string> {
  const team = await teamOfSquad(app, operator, squadId);
  const { caseId } = await must(
    app,
    operator,
    'POST',
    '/api/v1/cases',
    enforcementReport({ title, location: { gridId, address: '农贸市场东门' } }, { team, squadId }),
  );
  const act = (action: string, body: unknown) =>
    must(app, officer, 'POST', `/api/v1/cases/${caseId}/${action}`, body);
  await act('file', { officers: ['韩警官', '陆警官'], caseNo: `XH-${randomUUID().slice(0, 6)}` });
  await act('conclude-investigation', { summary: '无证经营熟食三周' });
  await act('review', {
    outcome: 'proposed_penalty',
    reason: '食品安全法第一百二十二条',
    proposedPenalty: { kinds: ['fine'], fineFen: 500_000 },
  });
  await act('notify-penalty', { hearingRight: true, content: '您有陈述、申辩和要求听证的权利' });
  if (served) {
    await act('decide', {
      outcome: 'penalty',
      penalty: { kinds: ['fine'], fineFen: 500_000 },
      reason: '食品安全法第一百二十二条',
      hearingWaived: true,
    });
    await act('serve', { method: 'in_person' });
  }
  return caseId;
}
