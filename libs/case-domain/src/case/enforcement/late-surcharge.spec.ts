import { describe, expect, it } from '@jest/globals';
import { lateDays, lateSurchargeFen } from '../../index.js';

describe('lateSurchargeFen (行政处罚法 Art. 72; 行政强制法 Art. 45)', () => {
  it('is nothing when paid on or before the last day', () => {
    expect(lateSurchargeFen(500_000, '2026-04-01', '2026-03-20')).toBe(0);
    expect(lateSurchargeFen(500_000, '2026-04-01', '2026-04-01')).toBe(0);
    expect(lateDays('2026-04-01', '2026-04-01')).toBe(0);
  });
  it('adds 3 % of the fine for each day after the last day, in whole fen', () => {
    expect(lateSurchargeFen(500_000, '2026-04-01', '2026-04-02')).toBe(15_000);
    expect(lateSurchargeFen(500_000, '2026-04-01', '2026-04-03')).toBe(30_000);
    expect(lateSurchargeFen(1_000_000, '2026-04-01', '2026-05-04')).toBe(990_000); // 33 days: 99 %
    expect(lateDays('2026-04-01', '2026-05-04')).toBe(33);
  });
  it('never exceeds the fine', () => {
    expect(lateSurchargeFen(1_000_000, '2026-04-01', '2026-05-05')).toBe(1_000_000); // 34 days would be 102 %
    expect(lateSurchargeFen(1_000_000, '2026-04-01', '2027-04-01')).toBe(1_000_000);
    expect(lateSurchargeFen(20_000, '2026-12-31', '2030-01-01')).toBe(20_000);
  });
  it('drops fractions of a fen (no floating point)', () => {
    expect(lateSurchargeFen(333, '2026-04-01', '2026-04-02')).toBe(9); // 9.99 fen
    expect(lateSurchargeFen(333, '2026-04-01', '2026-04-04')).toBe(29); // 29.97 fen
    expect(lateSurchargeFen(1, '2026-04-01', '2026-05-31')).toBe(1); // capped at the fine
    expect(lateSurchargeFen(7, '2026-04-01', '2026-04-05')).toBe(0); // 0.84 fen
    expect(lateSurchargeFen(0, '2026-04-01', '2026-05-01')).toBe(0);
  });
  it('stays exact for large fines', () => {
    expect(lateSurchargeFen(8_000_000_000_000, '2026-04-01', '2026-04-02')).toBe(240_000_000_000);
    expect(lateSurchargeFen(8_000_000_000_001, '2026-04-01', '2026-04-11')).toBe(2_400_000_000_000); // 10 days: 30 % of …001 → …000.3
  });
  it('counts across the year end and refuses bad input', () => {
    expect(lateSurchargeFen(100_000, '2026-12-30', '2027-01-02')).toBe(9_000);
    expect(() => lateSurchargeFen(1.5, '2026-04-01', '2026-04-02')).toThrow(RangeError);
    expect(() => lateSurchargeFen(-1, '2026-04-01', '2026-04-02')).toThrow(RangeError);
    expect(() => lateSurchargeFen(100, '2026-02-30', '2026-04-02')).toThrow(RangeError);
  });
});
