import { requireMoto } from './moto.js';

// vitest globalSetup of the compat suite: stop before any test when moto cannot run.
export default function setup(): void {
  requireMoto();
}
