import type { LocalDate } from '#domain-kernel';
import { NotFoundException } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { registryView, type RegistryState, type RegistryView } from '#registry-domain';
import { RegistryStateCache } from '../registry-state.cache.js';

export interface RegistryViewResult {
  districtCode: string;
  /** The registry stream revision the answer reflects (also the ETag). */
  revision: bigint;
  state: RegistryState;
  view: RegistryView;
}

/** The district registry as of a date (inclusive), or its latest recorded state without `asOf`. */
export class GetRegistryViewQuery extends Query<RegistryViewResult> {
  constructor(readonly asOf: LocalDate | undefined) {
    super();
  }
}

@QueryHandler(GetRegistryViewQuery)
export class GetRegistryViewQueryHandler implements IQueryHandler<GetRegistryViewQuery> {
  constructor(private readonly cache: RegistryStateCache) {}

  async execute({ asOf }: GetRegistryViewQuery): Promise<RegistryViewResult> {
    const folded = await this.cache.current();
    if (!folded || folded.state.status !== 'open') {
      throw new NotFoundException({
        code: 'REGISTRY.DISTRICT_NOT_CREATED',
        message: 'no district has been created yet (POST /api/v1/jurisdictions/district or npm run seed)',
      });
    }
    return {
      districtCode: folded.districtCode,
      revision: folded.revision,
      state: folded.state,
      view: registryView(folded.state, asOf),
    };
  }
}
