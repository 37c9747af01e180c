// Bundled Lambda handler: one status check of the simulated job. See README.md.
import { checkTaskStatus, runHandler, type HandlerEvent, type LambdaContext } from './shared/simulation.js';

export async function handler(event: HandlerEvent, _context?: LambdaContext) {
  return runHandler('CheckTaskStatus', event, checkTaskStatus);
}
