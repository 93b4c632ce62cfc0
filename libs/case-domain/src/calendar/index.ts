export * from './working-day-calendar.js';
export * from './deadline.js';
export { LUNAR_ANCHORS, statutoryHolidaysOf } from './statutory-holidays.js';
