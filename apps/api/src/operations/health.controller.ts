import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { HEALTH_CHECKS, runHealthChecks, type HealthCheck } from '#platform';
import { Public } from '../auth/access.decorator.js';
import { ReadinessState } from './readiness.js';

/**
 * What a replica needs to serve requests. Projection lag is not among them: a lagging or rebuilding
 * read model is served stale and reported by /health; were it part of readiness, every replica would
 * leave the proxy together while the worker catches up after a deploy.
 */
export const READINESS_CHECKS: ReadonlySet<string> = new Set(['database', 'eventStore', 'blobStore']);

/**
 * - `/health`: every check (database, event store, projections): 200 when all pass, 503 otherwise. For people and monitoring.
 * - `/health/live`: the process answers HTTP. Never looks at dependencies, so an outage of the
 *   database does not get healthy replicas restarted.
 * - `/health/ready`: the database, the event store and the attachments' blob store (writable, reachable)
 *   answer, and the replica is not draining. For
 *   container healthchecks and load balancers (docs/deploy.md).
 */
@ApiExcludeController()
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(HEALTH_CHECKS) private readonly checks: HealthCheck[],
    private readonly readiness: ReadinessState,
  ) {}

  @Get()
  async health(@Res() response: Response): Promise<void> {
    const report = await runHealthChecks(this.checks);
    response.status(report.status === 'ok' ? 200 : 503).json(report);
  }

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(@Res() response: Response): Promise<void> {
    if (this.readiness.draining) {
      response.status(503).json({ status: 'draining', checks: {} });
      return;
    }
    const report = await runHealthChecks(this.checks.filter((check) => READINESS_CHECKS.has(check.name)));
    response.status(report.status === 'ok' ? 200 : 503).json(report);
  }
}
