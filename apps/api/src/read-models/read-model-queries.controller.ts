import { localDateOf } from '#domain-kernel';
import {
  BadRequestException,
  Controller,
  Get,
  Inject,
  NotFoundException,
  Param,
  Query,
  Req,
} from '@nestjs/common';
import type { Request } from 'express';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { isUUID } from 'class-validator';
import type { Database } from '#platform';
import { EVENT_STORE, type EventStore } from '#event-store';
import {
  assessedCases,
  assessedCasesAsOf,
  assessedCasesFromSnapshots,
  assessSquads,
  assessSquadsAsOf,
  assessSquadsFromSnapshots,
  assessUnits,
  assessUnitsAsOf,
  assessUnitsFromSnapshots,
  gridDashboard,
  gridDashboardAsOf,
  gridDashboardFromSnapshots,
  InvalidCursorError,
  listCases,
  listOverdueCases,
  openEscalationsByLevel,
  squadDashboard,
  squadDashboardAsOf,
  squadDashboardFromSnapshots,
  type AssessmentMeasure,
  type UnitAssessment,
} from '#projections';
import { registryView } from '#registry-domain';
import { Access, principalOf } from '../auth/access.decorator.js';
import { JurisdictionService } from '../auth/jurisdiction.service.js';
import { DATABASE } from '../infrastructure/infrastructure.tokens.js';
import { asOfInstant } from '../http/as-of.js';
import { RegistryStateCache } from '../registry/registry-state.cache.js';
import {
  AssessedCasesQueryDto,
  AssessmentsQueryDto,
  EscalationsQueryDto,
  GridDashboardQueryDto,
  ListCasesQueryDto,
  OverdueQueryDto,
  SquadDashboardQueryDto,
} from './read-model-queries.request.dto.js';
import { caseReadScope, squadReadScope, unitReadScope } from './read-scope.js';
import { ApiExtraModels, ApiOkResponse } from '@nestjs/swagger';
import { ApiProblems } from '../openapi/api-problems.decorator.js';
import {
  AssessedCasesDto,
  AssessmentsDto,
  CaseListPageDto,
  EscalationBoardDto,
  GridDashboardDto,
  OpenEscalationDto,
  OverdueListDto,
  SquadDashboardDto,
} from './read-models.response.dto.js';

/**
 * docs/api.md's assessment levels → the case level a unit was dispatched at (what the read model keeps).
 * Grid workers settle cases at building level, so a "grid" unit is one handling at building level.
 * `squad` is answered by the squad assessment (rates of their own: the §5 rates do not apply to
 * enforcement cases, which are never dispatched, signed or followed up).
 */
export const ASSESSMENT_LEVELS: Readonly<Record<string, string>> = {
  grid: 'building',
  community: 'community',
  street: 'street',
  district: 'district',
};
const API_LEVEL_OF: Readonly<Record<string, string>> = {
  building: 'grid',
  community: 'community',
  street: 'street',
  district: 'district',
};

/**
 * Read-model queries: answered from the projections' tables, so they trail the log by the
 * projection lag (see GET /api/v1/projections). A case's own state is always current at
 * GET /api/v1/cases/{caseId} (folded from its stream).
 */
@ApiTags('read models')
@Controller('api/v1')
export class ReadModelQueriesController {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    private readonly jurisdictions: JurisdictionService,
    private readonly registry: RegistryStateCache,
  ) {}

  private get asOfDeps() {
    return { eventStore: this.eventStore, pool: this.database.pool };
  }

  @Get('cases')
  @ApiOkResponse({ type: CaseListPageDto })
  @ApiProblems({ 400: ['VALIDATION.FAILED'] })
  @Access('case.list')
  @ApiOperation({
    summary: 'Cases by type, status, jurisdiction, level and overdue; newest first, keyset cursor paging',
  })
  async listCases(@Query() query: ListCasesQueryDto, @Req() request: Request) {
    // The caller's jurisdiction is ANDed into the WHERE clause, places resolved on today's registry;
    // asking for another grid/community/street/squad lists nothing.
    const filter = await this.jurisdictions.caseListFilter(principalOf(request), {
      type: query.type,
      status: query.status,
      gridId: query.gridId,
      communityId: query.communityId,
      streetId: query.streetId,
      squadId: query.squadId,
      level: query.level,
      overdue: query.overdue === undefined ? undefined : query.overdue === 'true',
    });
    if (filter === null) return { items: [], nextCursor: null };
    try {
      return await listCases(this.database.pool, filter, {
        cursor: query.cursor,
        limit: query.limit === undefined ? 50 : Number(query.limit),
      });
    } catch (error) {
      if (error instanceof InvalidCursorError) throw invalid('cursor', error.message);
      throw error;
    }
  }

  @Get('grids/:gridId/dashboard')
  @ApiOkResponse({ type: GridDashboardDto })
  @ApiProblems({ 400: ['VALIDATION.FAILED'], 404: ['GRID.NOT_FOUND'] })
  @Access('case.list')
  @ApiOperation({
    summary:
      'Counts by type and status, open, overdue, escalated, and the assessment rates of a grid; ?asOf= replays the log up to a date',
  })
  async gridDashboard(
    @Param('gridId') gridId: string,
    @Query() query: GridDashboardQueryDto,
    @Req() request: Request,
  ) {
    if (!isUUID(gridId)) throw invalid('gridId', 'gridId must be a UUID');
    if (!(await this.jurisdictions.mayViewGrid(principalOf(request), gridId))) {
      throw new NotFoundException({
        code: 'GRID.NOT_FOUND',
        message: `grid ${gridId} is not in your jurisdiction`,
      });
    }
    const asOf = asOfInstant(query.asOf);
    if (asOf)
      return (
        (await gridDashboardFromSnapshots(this.asOfDeps, gridId, asOf)) ??
        gridDashboardAsOf(this.asOfDeps, gridId, asOf)
      );
    return gridDashboard(this.database.pool, gridId);
  }

  @Get('squads/:squadId/dashboard')
  @ApiOkResponse({ type: SquadDashboardDto })
  @ApiProblems({ 400: ['VALIDATION.FAILED'], 404: ['SQUAD.NOT_FOUND'] })
  @Access('case.list')
  @ApiOperation({
    summary:
      'Enforcement cases of a squad: by stage, the 90-day decision clock (overdue at query time), decisions, fines in fen; ?asOf= as of a date',
  })
  async squadDashboard(
    @Param('squadId') squadId: string,
    @Query() query: SquadDashboardQueryDto,
    @Req() request: Request,
  ) {
    if (!isUUID(squadId)) throw invalid('squadId', 'squadId must be a UUID');
    // District-wide roles see every squad, a squad officer its own; area scopes (street, community,
    // grid) see no squad as a whole (as squads see no grid).
    const squads = squadReadScope(await this.jurisdictions.resolve(principalOf(request)));
    if (squads === null || (squads !== undefined && !squads.includes(squadId))) {
      throw new NotFoundException({
        code: 'SQUAD.NOT_FOUND',
        message: `squad ${squadId} is not in your jurisdiction`,
      });
    }
    const asOf = asOfInstant(query.asOf);
    if (asOf)
      return (
        (await squadDashboardFromSnapshots(this.asOfDeps, squadId, asOf)) ??
        squadDashboardAsOf(this.asOfDeps, squadId, asOf)
      );
    return squadDashboard(this.database.pool, squadId);
  }

  @Get('assessments')
  @ApiOkResponse({ type: AssessmentsDto })
  @ApiProblems({ 400: ['VALIDATION.FAILED'] })
  @Access('case.list')
  @ApiOperation({
    summary:
      'Handling units (or squads, level=squad) ranked over months from..to, with counters, rates and weighted score; ?asOf= as of a date; scoped roles see the units of their subtree / their squad, ranked among them',
  })
  async assessments(@Query() query: AssessmentsQueryDto, @Req() request: Request) {
    if (query.from > query.to) throw invalid('to', 'to must not be before from');
    const asOf = asOfInstant(query.asOf);
    const jurisdiction = await this.jurisdictions.resolve(principalOf(request));
    const head = { level: query.level ?? null, from: query.from, to: query.to };
    if (query.level === 'squad') {
      const squadIds = squadReadScope(jurisdiction);
      if (squadIds === null) return { ...head, squads: [] };
      const options = { from: query.from, to: query.to, squadIds };
      if (asOf) {
        const answer =
          (await assessSquadsFromSnapshots(this.asOfDeps, asOf, options)) ??
          (await assessSquadsAsOf(this.asOfDeps, asOf, options));
        return { ...head, ...answer };
      }
      return { ...head, squads: await assessSquads(this.database.pool, options) };
    }
    const unitIds = await this.unitScope(jurisdiction);
    if (unitIds === null) return { ...head, units: [] };
    const options = {
      from: query.from,
      to: query.to,
      level: query.level === undefined ? undefined : ASSESSMENT_LEVELS[query.level],
      unitIds,
    };
    if (asOf) {
      const answer =
        (await assessUnitsFromSnapshots(this.asOfDeps, asOf, options)) ??
        (await assessUnitsAsOf(this.asOfDeps, asOf, options));
      return { ...head, ...answer, units: answer.units.map(toApiUnit) };
    }
    return { ...head, units: (await assessUnits(this.database.pool, options)).map(toApiUnit) };
  }

  @Get('assessments/units/:unitId/cases')
  @ApiOkResponse({ type: AssessedCasesDto })
  @ApiProblems({ 400: ['VALIDATION.FAILED'], 404: ['UNIT.NOT_FOUND'] })
  @Access('case.list')
  @ApiOperation({
    summary:
      "The drill-down of a unit's assessment: the cases behind each figure over months from..to (rate, level, the instant that puts it in the period, since when it counts, whether it is in the numerator); ?asOf= as of a date",
  })
  async assessedCases(
    @Param('unitId') unitId: string,
    @Query() query: AssessedCasesQueryDto,
    @Req() request: Request,
  ) {
    if (!isUUID(unitId)) throw invalid('unitId', 'unitId must be a UUID');
    if (query.from > query.to) throw invalid('to', 'to must not be before from');
    const unitIds = await this.unitScope(await this.jurisdictions.resolve(principalOf(request)));
    if (unitIds === null || (unitIds !== undefined && !unitIds.includes(unitId))) {
      throw new NotFoundException({
        code: 'UNIT.NOT_FOUND',
        message: `unit ${unitId} is not in your jurisdiction`,
      });
    }
    const options = {
      from: query.from,
      to: query.to,
      level: query.level === undefined ? undefined : ASSESSMENT_LEVELS[query.level],
      measure: query.measure as AssessmentMeasure | undefined,
    };
    const head = { unitId, ...options, level: query.level ?? null, measure: query.measure ?? null };
    const asOf = asOfInstant(query.asOf);
    if (asOf) {
      const answer =
        (await assessedCasesFromSnapshots(this.asOfDeps, unitId, asOf, options)) ??
        (await assessedCasesAsOf(this.asOfDeps, unitId, asOf, options));
      return { ...head, ...answer, cases: answer.cases.map(toApiCase) };
    }
    return { ...head, cases: (await assessedCases(this.database.pool, unitId, options)).map(toApiCase) };
  }

  @Get('escalations')
  @ApiExtraModels(OpenEscalationDto)
  @ApiOkResponse({ type: EscalationBoardDto })
  @ApiProblems({ 400: ['VALIDATION.FAILED'] })
  @Access('case.list')
  @ApiOperation({
    summary:
      "Open escalations grouped by the level they were escalated to, newest first; scoped roles see their grids' or squad's cases",
  })
  async escalations(@Query() query: EscalationsQueryDto, @Req() request: Request) {
    const scope = caseReadScope(await this.jurisdictions.resolve(principalOf(request)));
    if (scope === null) return { byLevel: {} };
    const byLevel = await openEscalationsByLevel(this.database.pool, {
      level: query.level,
      limitPerLevel: query.limitPerLevel === undefined ? 100 : Number(query.limitPerLevel),
      scope,
    });
    return { byLevel };
  }

  @Get('overdue')
  @ApiOkResponse({ type: OverdueListDto })
  @ApiProblems({ 400: ['VALIDATION.FAILED'] })
  @Access('case.list')
  @ApiOperation({
    summary:
      "Open cases whose nearest running limit has passed, most overdue first; scoped roles see their grids' or squad's cases",
  })
  async overdue(@Query() query: OverdueQueryDto, @Req() request: Request) {
    const scope = caseReadScope(await this.jurisdictions.resolve(principalOf(request)));
    if (scope === null) return { items: [] };
    const items = await listOverdueCases(this.database.pool, {
      gridId: query.gridId,
      unitId: query.unitId,
      limit: query.limit === undefined ? 100 : Number(query.limit),
      scope,
    });
    return { items };
  }

  /** The handling units of the caller's subtree, from the registry as it stands today (undefined: every unit). */
  private async unitScope(
    jurisdiction: Awaited<ReturnType<JurisdictionService['resolve']>>,
  ): Promise<readonly string[] | undefined | null> {
    if (jurisdiction.kind !== 'grids') return unitReadScope(jurisdiction, () => []);
    const folded = await this.registry.current();
    if (!folded) return null;
    const view = registryView(folded.state, localDateOf(new Date().toISOString()));
    return unitReadScope(jurisdiction, (gridId) => view.handlingChain(gridId));
  }
}

function toApiUnit(unit: UnitAssessment) {
  return { ...unit, level: API_LEVEL_OF[unit.level] ?? unit.level, caseLevel: unit.level };
}

function toApiCase<T extends { level: string }>(item: T) {
  return { ...item, level: API_LEVEL_OF[item.level] ?? item.level, caseLevel: item.level };
}

function invalid(field: string, message: string): BadRequestException {
  return new BadRequestException({ code: 'VALIDATION.FAILED', message, errors: [{ field, message }] });
}
