import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { metricsRegistry } from '#platform';

@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  @Get()
  async metrics(@Res() response: Response): Promise<void> {
    response.type(metricsRegistry.contentType).send(await metricsRegistry.metrics());
  }
}
