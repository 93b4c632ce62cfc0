export * from './media/media-types.js';
export * from './media/attachment-refusal.js';
export * from './media/image-dimensions.js';
export * from './media/media-inspector.js';
