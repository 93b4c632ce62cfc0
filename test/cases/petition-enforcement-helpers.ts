import { randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import type { CaseCommand } from '#case-domain';
import { ExecuteCaseCommand } from '../../apps/api/src/cases/execute-case-command.js';
import { accountAuth, type TestApp } from '../support/test-app.js';

/** Fixtures of the petition and enforcement e2e specs. Each call makes fresh ids and facts. */

export const DAY_MS = 24 * 3_600_000;

export function petitioner(
  name = 'Zhou Min',
  phone = '13700137000',
): { name: string; phone: string; idNumber?: string } {
  return { name, phone };
}

/** A petition about a demolition compensation dispute; `facts` makes the matter unique to the test. */
export function petitionReport(
  facts = randomUUID(),
  overrides: Record<string, unknown> = {},
  petitionOverrides: Record<string, unknown> = {},
): Record<string, any> {
  return {
    type: 'petition',
    source: 'petition_visit',
    title: 'Compensation for the Lane 12 demolition',
    description: 'The petitioner says the compensation for his house was assessed below market value.',
    category: 'land_and_housing',
    urgency: 'general',
    location: { gridId: randomUUID(), address: 'Lane 12, No. 3' },
    petition: {
      channel: 'visit',
      class: 'request',
      petitioners: [petitioner()],
      matter: `The house at Lane 12 No. 3 was valued at 4,100 yuan/m² while the neighbours got 5,300 (${facts}).`,
      request: 'Reassess the compensation.',
      respondent: 'Street housing expropriation office',
      ...petitionOverrides,
    },
    ...overrides,
  };
}

/** The squad of the leads enforcementReport() makes unless told otherwise; squadOfficerAuth() acts for it. */
export const TEST_SQUAD_ID = '5a0d3c1e-7b2f-4e61-9c84-2f1d6b3a9e07';

/**
 * `Authorization` header of an officer of `squadId`, a token as the login route issues it: the
 * enforcement lifecycle is the squad's alone (apps/api/src/auth/README.md, "Case actions").
 */
export async function squadOfficerAuth(t: TestApp, squadId = TEST_SQUAD_ID): Promise<Record<string, string>> {
  const scope = { kind: 'squad', id: squadId, teamId: randomUUID(), domain: 'market_supervision' };
  return accountAuth(t, ['squad_officer'], scope);
}

export function enforcementReport(
  overrides: Record<string, unknown> = {},
  enforcementOverrides: Record<string, unknown> = {},
): Record<string, any> {
  return {
    type: 'enforcement',
    source: 'grid_patrol',
    title: 'Unlicensed food stall at the market gate',
    description: 'A stall sells cooked food at the east gate without a food business licence.',
    category: 'market_supervision',
    urgency: 'general',
    location: { gridId: randomUUID(), address: 'East gate, Xinhua market' },
    enforcement: {
      team: 'market_supervision',
      squadId: TEST_SQUAD_ID,
      party: { kind: 'person', name: 'Qian Lei' },
      leadSource: 'patrol',
      ...enforcementOverrides,
    },
    ...overrides,
  };
}

export const officers = ['Officer Han', 'Officer Lu'];

/** China Standard Time calendar date of an instant (the domain's "today"). */
export function cstDate(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** An instant written with +08:00, as officers would write it. */
export function cstInstant(ms: number): string {
  return `${new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/**
 * A case handled in the past: each command goes through the app's own command handler (the same
 * pipeline, decider and repeat-petition check as HTTP), only with an earlier business time, as an
 * import of paper files would. HTTP always acts at the real now, so periods that must run out
 * (payment, review windows) can only be reached this way.
 */
export class PastHandling {
  private readonly bus: CommandBus;
  constructor(
    t: TestApp,
    readonly caseId: string = randomUUID(),
  ) {
    this.bus = t.app.get(CommandBus);
  }

  async at(
    ms: number,
    type: CaseCommand['type'],
    data: Record<string, unknown>,
  ): Promise<{ revision: bigint; events: Array<{ type: string }> }> {
    const now = new Date(ms).toISOString();
    const command = { type, data, metadata: { actor: 'officer:import', now } } as unknown as CaseCommand;
    const result = await this.bus.execute(
      new ExecuteCaseCommand(this.caseId, command, {
        commandId: randomUUID(),
        actor: 'officer:import',
        correlationId: randomUUID(),
        occurredAt: now,
      }),
    );
    return { revision: result.revision, events: result.events };
  }

  /** `ReportCase` from a POST /cases body. */
  async report(ms: number, body: Record<string, any>): Promise<void> {
    const { type, ...rest } = body;
    await this.at(ms, 'ReportCase', { ...rest, caseId: this.caseId, caseType: type });
  }
  /**
   * The agency head's signed approval of a request, imported from the paper file: the approving post is
   * given as the file shows it (the registry check of the HTTP route is test/cases/approvals.e2e-spec.ts's).
   */
  async approve(ms: number, requestId: string): Promise<void> {
    await approveImported(this.bus, this.caseId, requestId, new Date(ms).toISOString());
  }
}

/** An ApproveRequest through the app's command handler by 'head:import', holding the team's post. */
export async function approveImported(
  bus: CommandBus,
  caseId: string,
  requestId: string,
  now = new Date().toISOString(),
): Promise<void> {
  const command = {
    type: 'ApproveRequest',
    data: { requestId },
    metadata: { actor: 'head:import', now, approvingPost: { unitId: 'team:import', title: '执法大队长' } },
  } as unknown as CaseCommand;
  await bus.execute(
    new ExecuteCaseCommand(caseId, command, {
      commandId: randomUUID(),
      actor: 'head:import',
      correlationId: randomUUID(),
      occurredAt: now,
    }),
  );
}
