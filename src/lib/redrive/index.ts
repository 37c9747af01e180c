export * from './classify.js';
export * from './input.js';
export * from './request.js';
export * from './run.js';
export * from './targets.js';
export * from './waiter.js';
export { confirm } from '../confirm.js';
