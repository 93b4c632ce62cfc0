export * from './person-data.js';
export * from './person-cipher.js';
export * from './person-key-store.js';
export * from './personal-data-codec.js';
export * from './personal-data-masking.js';
export * from './master-keys.js';
export * from './free-text.js';
export * from './blob-cipher.js';
