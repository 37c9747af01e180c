import type { Account } from './arn.js';
import type { Clock } from '../runtime/clock.js';
import type { HistoryWriter } from '../runtime/history-writer.js';
import type { Interpreter } from '../runtime/interpreter.js';
import type { Scheduler } from '../runtime/scheduler.js';
import type { Db } from '../store/db.js';
import type { ExecutionStore } from '../store/executions.js';
import type { StateMachineStore } from '../store/state-machines.js';
import type { TaskTokenStore } from '../store/task-tokens.js';
import type { RoleAssumption } from './role-assumption.js';

/** Everything the Step Functions operations work with. */
export interface SfnContext {
  db: Db;
  account: Account;
  clock: Clock;
  speed: number;
  machines: StateMachineStore;
  executions: ExecutionStore;
  history: HistoryWriter;
  scheduler: Scheduler;
  interpreter: Interpreter;
  tokens: TaskTokenStore;
  /** Whether Step Functions may assume a state machine's role. */
  roles: Pick<RoleAssumption, 'assertAssumable'>;
}
