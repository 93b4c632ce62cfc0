import { Module } from '@nestjs/common';
import { ExecuteRegistryCommandHandler } from './execute-registry-command.js';
import { GetRegistryViewQueryHandler } from './queries/get-registry-view.query.js';
import { RegistryQueriesController } from './queries/registry-queries.controller.js';
import { RegistryCommandsController } from './registry-commands.controller.js';
import { RegistryStateCache } from './registry-state.cache.js';

/** The jurisdiction registry over HTTP: administrator commands and as-of queries (README.md beside this file). */
@Module({
  controllers: [RegistryCommandsController, RegistryQueriesController],
  providers: [RegistryStateCache, ExecuteRegistryCommandHandler, GetRegistryViewQueryHandler],
  exports: [RegistryStateCache],
})
export class RegistryModule {}
