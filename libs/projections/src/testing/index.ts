export * from './case-histories.js';
