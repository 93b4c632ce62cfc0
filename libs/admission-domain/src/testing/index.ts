export * from './admission-fixture.js';
