import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { HEALTH_CHECKS, runHealthChecks, type HealthCheck } from '#platform';
import { Public } from '../auth/access.decorator.js';

/** Liveness and readiness in one: 200 when every check passes, 503 otherwise. */
@ApiExcludeController()
@Public()
@Controller('health')
export class HealthController {
  constructor(@Inject(HEALTH_CHECKS) private readonly checks: HealthCheck[]) {}

  @Get()
  async health(@Res() response: Response): Promise<void> {
    const report = await runHealthChecks(this.checks);
    response.status(report.status === 'ok' ? 200 : 503).json(report);
  }
}
