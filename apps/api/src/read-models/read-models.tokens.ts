export const PROJECTION_STATUS_READER = Symbol.for('gridcase.ProjectionStatusReader');
