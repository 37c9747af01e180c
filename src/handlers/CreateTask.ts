// Bundled Lambda handler: submits the simulated job. See README.md for the task input fields.
import { createTask, runHandler, type HandlerEvent, type LambdaContext } from './shared/simulation.js';

export async function handler(event: HandlerEvent, _context?: LambdaContext) {
  return runHandler('CreateTask', event, createTask);
}
