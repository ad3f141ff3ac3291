export * from './level.js';
export * from './log-record.js';
export * from './severity.js';
export * from './template.js';
export * from './factor.js';
export * from './alert.js';
export * from './incident.js';
export * from './rule.js';
