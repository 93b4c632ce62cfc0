import { Global, Module } from '@nestjs/common';
import { Clock, SystemClock } from './clock.js';

/**
 * The HTTP toolkit every controller may use (README.md beside this file): the clock here; the
 * interceptors (`@Idempotent()`, `@AnswersWithHeaders()`) and pipes (`@IdParam()`, `@IfMatch()`,
 * `@AsOf()`) are attached per route.
 */
@Global()
@Module({
  providers: [{ provide: Clock, useClass: SystemClock }],
  exports: [Clock],
})
export class HttpToolkitModule {}
