// Bundled Lambda handler: records the finished job and returns its summary. See README.md.
import { runHandler, taskCompleted, type HandlerEvent, type LambdaContext } from './shared/simulation.js';

export async function handler(event: HandlerEvent, _context?: LambdaContext) {
  return runHandler('TaskCompleted', event, taskCompleted);
}
