export * from './media/media-types.js';
export * from './media/attachment-refusal.js';
export * from './media/image-dimensions.js';
export * from './media/media-inspector.js';
export * from './store/attachment-keys.js';
export * from './store/attachment-claims.js';
export * from './store/attachment-store.js';
export * from './store/orphan-sweep.js';
