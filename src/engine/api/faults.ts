// Fault injection (`taskctl dev --fault …`): a share of API calls answered with the service's
// throttling error or a 500, and added latency, so users can test how their scripts cope.
// Decided before the operation runs, so a faulted call changes nothing. IAM's propagation delay
// (`role-propagation=`) is carried by the plan but applied by the role check (role-assumption.ts),
// since only the operation knows which role a call names.
import ms from 'ms';
import { setTimeout as sleep } from 'node:timers/promises';
import { SERVICE_FAILURE_ANSWERS, THROTTLING_ANSWERS, type ErrorAnswer } from '../../aws/errors.js';
import type { Admission, Call } from './admission.js';
import { ApiError } from './errors.js';

/** What to inject into the calls one rule covers; a per-operation rule overrides the global one kind by kind. */
export interface FaultRates {
  throttle?: number; // share of calls answered with the throttling error, 0–1
  error?: number; // share answered with a 500
  latencyMs?: readonly [min: number, max: number]; // added before every answer
}

export interface FaultPlan {
  all: FaultRates;
  byOperation: Record<string, FaultRates>;
  /** How long a role created (or its trust policy changed) stays unassumable; Infinity for never. */
  rolePropagationMs?: number;
}

export const FAULT_GRAMMAR =
  '[OPERATION:]throttle=P | error=P | latency=DURATION[-DURATION] | role-propagation=DURATION|forever, ' +
  'comma-separated; P is 0–1 or a percentage (e.g. throttle=0.2,error=1%,latency=10ms-50ms,StartExecution:throttle=0.5)';

/** A --fault value that does not follow FAULT_GRAMMAR. */
export class FaultSpecError extends Error {
  readonly grammar = FAULT_GRAMMAR;
  constructor(detail: string) {
    super(`bad --fault value: ${detail}`);
    this.name = 'FaultSpecError';
  }
}

function parseShare(text: string, rule: string): number {
  const percent = text.endsWith('%');
  const number = Number(percent ? text.slice(0, -1) : text);
  const share = percent ? number / 100 : number;
  if (text.trim() === '' || !Number.isFinite(share) || share < 0 || share > 1) {
    throw new FaultSpecError(`"${rule}" needs a share from 0 to 1 or 0% to 100%`);
  }
  return share;
}

function parseDuration(text: string, rule: string): number {
  // ms('20') is 20 ms: a bare number is milliseconds.
  const value = /^\s*$/.test(text) ? undefined : ms(text as ms.StringValue);
  if (value === undefined || !Number.isFinite(value) || value < 0) {
    throw new FaultSpecError(`"${rule}" needs a duration such as 20ms, 1s or 10ms-50ms`);
  }
  return value;
}

function parseLatency(text: string, rule: string): readonly [number, number] {
  const [low, high, ...rest] = text.split('-');
  if (rest.length > 0) throw new FaultSpecError(`"${rule}" has more than one range`);
  const min = parseDuration(low, rule);
  const max = high === undefined ? min : parseDuration(high, rule);
  if (max < min) throw new FaultSpecError(`"${rule}" has its range backwards`);
  return [min, max];
}

/** Parses --fault values (each a comma-separated list of rules) into one plan. */
export function parseFaultSpec(values: readonly string[]): FaultPlan {
  const plan: FaultPlan = { all: {}, byOperation: {} };
  for (const rule of values.flatMap((value) => value.split(',')).map((r) => r.trim())) {
    const match = /^(?:([A-Za-z][A-Za-z0-9]*):)?(throttle|error|latency|role-propagation)=(.*)$/.exec(rule);
    if (!match) throw new FaultSpecError(`"${rule}" is not a rule`);
    const [, operation, kind, value] = match;
    if (kind === 'role-propagation') {
      // It follows the role a call names, whatever the operation.
      if (operation) throw new FaultSpecError(`"${rule}" applies to every operation: drop "${operation}:"`);
      plan.rolePropagationMs = /^(forever|-1)$/.test(value.trim()) ? Infinity : parseDuration(value, rule);
      continue;
    }
    const rates = operation ? (plan.byOperation[operation] ??= {}) : plan.all;
    if (kind === 'latency') rates.latencyMs = parseLatency(value, rule);
    else rates[kind as 'throttle' | 'error'] = parseShare(value, rule);
  }
  for (const operation of ['', ...Object.keys(plan.byOperation)]) {
    const { throttle = 0, error = 0 } = ratesFor(plan, operation);
    if (throttle + error > 1) {
      throw new FaultSpecError(
        `throttle and error add up to more than 1${operation ? ` for ${operation}` : ''}`,
      );
    }
  }
  return plan;
}

/** The rates for one operation: its own rule's, else the global rule's, kind by kind. */
export function ratesFor(plan: FaultPlan, operation: string): FaultRates {
  const own = Object.hasOwn(plan.byOperation, operation) ? plan.byOperation[operation] : {};
  return { ...plan.all, ...own };
}

/** Operations a plan names that the engine does not serve (most likely a typo). */
export function unknownOperations(plan: FaultPlan, served: Iterable<string>): string[] {
  const known = new Set(served);
  return Object.keys(plan.byOperation).filter((operation) => !known.has(operation));
}

const refusal = (answer: ErrorAnswer) => new ApiError(answer.type, answer.message, answer.status);

/** The admission check that injects `plan`'s faults; `random` is seeded in tests. */
export function faultInjection(
  plan: FaultPlan,
  random: () => number = Math.random,
): Pick<Admission, 'admit'> {
  return {
    async admit(call: Call) {
      const rates = ratesFor(plan, call.operation);
      if (rates.latencyMs) {
        const [min, max] = rates.latencyMs;
        await sleep(min + (max - min) * random());
      }
      const draw = random();
      const throttle = rates.throttle ?? 0;
      if (draw < throttle) throw refusal(THROTTLING_ANSWERS[call.service]);
      if (draw < throttle + (rates.error ?? 0)) throw refusal(SERVICE_FAILURE_ANSWERS[call.service]);
    },
  };
}
