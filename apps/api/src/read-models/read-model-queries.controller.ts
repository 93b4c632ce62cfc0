import { BadRequestException, Controller, Get, Inject, NotFoundException, Param, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { applyScopeFilter } from '#auth';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { isUUID } from 'class-validator';
import type { Database } from '#platform';
import { EVENT_STORE, type EventStore } from '#event-store';
import {
  assessUnits, assessUnitsAsOf, gridDashboard, gridDashboardAsOf, InvalidCursorError, listCases, listOverdueCases, openEscalationsByLevel,
  squadDashboard, type UnitAssessment,
} from '#projections';
import { Access, principalOf } from '../auth/access.decorator.js';
import { JurisdictionService } from '../auth/jurisdiction.service.js';
import { DATABASE } from '../infrastructure/infrastructure.tokens.js';
import {
  AssessmentsQueryDto, EscalationsQueryDto, GridDashboardQueryDto, ListCasesQueryDto, OverdueQueryDto, parseAsOf,
} from './read-model-queries.request.dto.js';

/**
 * api.md's assessment levels → the case level a unit was dispatched at (what the read model keeps).
 * Grid workers settle cases at building level, so a "grid" unit is one handling at building level.
 * Squads: no mapping, 400. Attributing an enforcement case to its squad would be cheap (the squad is
 * in the case state), but the §5 rates do not apply to it: an enforcement case is never dispatched,
 * signed or followed up, so response, resolution and satisfaction (the whole default score) would be
 * null for every squad. Ranking squads needs rates of their own (e.g. decided within the 90 days);
 * until they are defined the squad dashboard shows the decision clock and decisions per squad.
 */
export const ASSESSMENT_LEVELS: Readonly<Record<string, string | undefined>> = {
  grid: 'building',
  community: 'community',
  street: 'street',
  district: 'district',
  squad: undefined,
};
const API_LEVEL_OF: Readonly<Record<string, string>> = { building: 'grid', community: 'community', street: 'street', district: 'district' };

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
  ) {}

  @Get('cases')
  @Access('case.list')
  @ApiOperation({ summary: 'Cases by type, status, jurisdiction, level and overdue; newest first, keyset cursor paging' })
  async listCases(@Query() query: ListCasesQueryDto, @Req() request: Request) {
    // The caller's jurisdiction is ANDed into the WHERE clause; asking for another grid/community/street/squad lists nothing.
    const filter = applyScopeFilter(
      {
        type: query.type, status: query.status, gridId: query.gridId, communityId: query.communityId, streetId: query.streetId,
        squadId: query.squadId, level: query.level, overdue: query.overdue === undefined ? undefined : query.overdue === 'true',
      },
      await this.jurisdictions.scopeFilter(principalOf(request)),
    );
    if (filter === null) return { items: [], nextCursor: null };
    try {
      return await listCases(
        this.database.pool,
        filter,
        { cursor: query.cursor, limit: query.limit === undefined ? 50 : Number(query.limit) },
      );
    } catch (error) {
      if (error instanceof InvalidCursorError) throw invalid('cursor', error.message);
      throw error;
    }
  }

  @Get('grids/:gridId/dashboard')
  @Access('case.list')
  @ApiOperation({ summary: 'Counts by type and status, open, overdue, escalated, and the assessment rates of a grid; ?asOf= replays the log up to a date' })
  async gridDashboard(@Param('gridId') gridId: string, @Query() query: GridDashboardQueryDto, @Req() request: Request) {
    if (!isUUID(gridId)) throw invalid('gridId', 'gridId must be a UUID');
    if (!(await this.jurisdictions.mayViewGrid(principalOf(request), gridId))) {
      throw new NotFoundException({ code: 'GRID.NOT_FOUND', message: `grid ${gridId} is not in your jurisdiction` });
    }
    const asOf = parseAsOf(query.asOf);
    if (asOf) return gridDashboardAsOf({ eventStore: this.eventStore, pool: this.database.pool }, gridId, asOf);
    return gridDashboard(this.database.pool, gridId);
  }

  @Get('squads/:squadId/dashboard')
  @Access('case.list')
  @ApiOperation({ summary: 'Enforcement cases of a squad: by stage, the 90-day decision clock (overdue at query time), decisions, fines in fen' })
  async squadDashboard(@Param('squadId') squadId: string, @Req() request: Request) {
    if (!isUUID(squadId)) throw invalid('squadId', 'squadId must be a UUID');
    // The auth module's list scope: district-wide roles pin nothing, a squad officer pins their squad;
    // area scopes (street, community, grid) see no squad as a whole (as squads see no grid).
    const scope = await this.jurisdictions.scopeFilter(principalOf(request));
    const pinned = scope === null ? ['none'] : Object.entries(scope).filter(([, value]) => value !== undefined);
    if (pinned.some(([key, value]) => key !== 'squadId' || value !== squadId)) {
      throw new NotFoundException({ code: 'SQUAD.NOT_FOUND', message: `squad ${squadId} is not in your jurisdiction` });
    }
    return squadDashboard(this.database.pool, squadId);
  }

  @Get('assessments')
  @ApiOperation({ summary: 'Handling units ranked per level over months from..to, with counters, rates and weighted score (30/40/30); ?asOf= replays the log up to a date' })
  async assessments(@Query() query: AssessmentsQueryDto) {
    if (query.from > query.to) throw invalid('to', 'to must not be before from');
    const level = query.level === undefined ? undefined : ASSESSMENT_LEVELS[query.level];
    if (query.level !== undefined && level === undefined) {
      throw new BadRequestException({
        code: 'ASSESSMENT.LEVEL_NOT_SUPPORTED',
        message: `level ${query.level} is not supported: the assessment rates (response, resolution, satisfaction) do not apply to enforcement cases; see GET /api/v1/squads/{squadId}/dashboard`,
        errors: [{ field: 'level', message: 'not supported yet' }],
      });
    }
    const asOf = parseAsOf(query.asOf);
    if (asOf) {
      const replayed = await assessUnitsAsOf({ eventStore: this.eventStore, pool: this.database.pool }, asOf, { from: query.from, to: query.to, level });
      return { level: query.level ?? null, from: query.from, to: query.to, asOf: replayed.asOf, replay: replayed.replay, units: replayed.units.map(toApiUnit) };
    }
    const units = await assessUnits(this.database.pool, { from: query.from, to: query.to, level });
    return { level: query.level ?? null, from: query.from, to: query.to, units: units.map(toApiUnit) };
  }

  @Get('escalations')
  @ApiOperation({ summary: 'Open escalations grouped by the level they were escalated to, newest first' })
  async escalations(@Query() query: EscalationsQueryDto) {
    const byLevel = await openEscalationsByLevel(this.database.pool, {
      level: query.level,
      limitPerLevel: query.limitPerLevel === undefined ? 100 : Number(query.limitPerLevel),
    });
    return { byLevel };
  }

  @Get('overdue')
  @ApiOperation({ summary: 'Open cases whose nearest running limit has passed, most overdue first' })
  async overdue(@Query() query: OverdueQueryDto) {
    const items = await listOverdueCases(this.database.pool, {
      gridId: query.gridId,
      unitId: query.unitId,
      limit: query.limit === undefined ? 100 : Number(query.limit),
    });
    return { items };
  }
}

function toApiUnit(unit: UnitAssessment) {
  return { ...unit, level: API_LEVEL_OF[unit.level] ?? unit.level, caseLevel: unit.level };
}

function invalid(field: string, message: string): BadRequestException {
  return new BadRequestException({ code: 'VALIDATION.FAILED', message, errors: [{ field, message }] });
}
