// Compares an execution the engine ran with one AWS recorded: status, output, and each event's
// type, id, previousEventId and details. Pure: no I/O.
//
// Recordings are normalised the way the recording tool wrote them, so the engine's answer is
// brought to the same form: timestamps dropped, JSON-string fields (input, output, parameters,
// cause…) parsed one level, and values the recorder replaced by placeholders (ARNs, request ids,
// tokens, dates: `<ExecArn_idx_0>`, `arn:<partition>:lambda:<region>:…`, `snf_role_arn`) matched
// by any value in the same place.

export interface ExpectedEvent {
  id: number;
  previousEventId: number;
  type: string;
  [details: string]: unknown;
}

export interface ActualEvent {
  id?: number;
  previousEventId?: number;
  type?: string;
  timestamp?: unknown;
  [details: string]: unknown;
}

export interface Outcome {
  status?: string;
  output?: unknown;
  error?: string;
  cause?: string;
}

export interface CaseComparison {
  statusMatches: boolean;
  outputMatches: boolean;
  /** The sequence of event types is the recorded one. */
  typesMatch: boolean;
  eventsExpected: number;
  /** Events equal to the recorded one in type, id, previousEventId and every detail. */
  eventsMatched: number;
  /** The whole case matches: status, output and every event. */
  matches: boolean;
  /** One line per difference, for the failure message. */
  differences: string[];
}

/** Names the recorder wrote in place of a value without angle brackets. */
const BARE_PLACEHOLDERS = new Set([
  'snf_role_arn',
  'sfn_role_arn',
  'timestamp',
  'date',
  'request-id',
  // lambda:invoke response metadata: request and trace ids
  'x-amzn-RequestId',
  'X-Amzn-Trace-Id',
  'RequestId',
  'start-time',
  'entered-time',
]);
const PLACEHOLDER = /<[^<>\s]+>/g;
/** The account id the recorder wrote in place of the recording account's: any 12-digit account matches. */
const RECORDED_ACCOUNT = ':111111111111:';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whether a recorded string (possibly holding placeholders) admits the actual value. */
function stringMatches(expected: string, actual: unknown): boolean {
  if (BARE_PLACEHOLDERS.has(expected)) return actual !== undefined;
  const hasPlaceholder = PLACEHOLDER.test(expected);
  PLACEHOLDER.lastIndex = 0;
  if (!hasPlaceholder && !expected.includes(RECORDED_ACCOUNT)) return expected === actual;
  if (typeof actual !== 'string' && typeof actual !== 'number') return false;
  const pattern = expected
    .split(PLACEHOLDER)
    .map((part) => part.split(RECORDED_ACCOUNT).map(escapeRegExp).join(':\\d{12}:'))
    .join('[\\s\\S]+?');
  return new RegExp(`^${pattern}$`).test(String(actual));
}

/** Differences between a recorded value and an actual one, as `path: expected … actual …` lines. */
export function valueDifferences(expected: unknown, actual: unknown, path = ''): string[] {
  if (typeof expected === 'string') {
    return stringMatches(expected, actual)
      ? []
      : [`${path}: expected ${show(expected)}, got ${show(actual)}`];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: expected an array, got ${show(actual)}`];
    const out: string[] = [];
    if (expected.length !== actual.length)
      out.push(`${path}: expected ${expected.length} items, got ${actual.length}`);
    expected.forEach((item, i) => {
      if (i < actual.length) out.push(...valueDifferences(item, actual[i], `${path}[${i}]`));
    });
    return out;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) {
      return [`${path}: expected an object, got ${show(actual)}`];
    }
    const exp = expected as Record<string, unknown>;
    const act = actual as Record<string, unknown>;
    const out: string[] = [];
    for (const key of Object.keys(exp)) {
      if (!(key in act)) out.push(`${path}.${key}: missing (expected ${show(exp[key])})`);
      else out.push(...valueDifferences(exp[key], act[key], `${path}.${key}`));
    }
    for (const key of Object.keys(act)) {
      if (!(key in exp)) out.push(`${path}.${key}: not recorded by AWS (got ${show(act[key])})`);
    }
    return out;
  }
  return Object.is(expected, actual) || expected === actual
    ? []
    : [`${path}: expected ${show(expected)}, got ${show(actual)}`];
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? 'nothing' : text.length > 160 ? text.slice(0, 157) + '...' : text;
}

/**
 * A string holding a JSON object, parsed; anything else as it is. The recorder parses only strings
 * that start with `{` (an array such as `"[1,2,3]"` stays a string in the recordings).
 */
function parsedJson(value: unknown): unknown {
  if (typeof value !== 'string' || !value.startsWith('{')) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/** Any JSON text parsed (a recording whose test parsed its `output` fields itself); else as it is. */
function anyJson(value: string): unknown {
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/**
 * An event as the recorder wrote it: no timestamp, JSON-string fields parsed one level (a string
 * inside a parsed document stays a string), and fields the SDK leaves undefined dropped.
 */
export function normaliseEvent(event: ActualEvent, outputsParsed = false): Record<string, unknown> {
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, inner] of Object.entries(value)) {
        if (inner === undefined) continue;
        if (typeof inner !== 'string') out[key] = walk(inner);
        else out[key] = outputsParsed && key === 'output' ? anyJson(inner) : parsedJson(inner);
      }
      return out;
    }
    return value;
  };
  const { timestamp: _timestamp, ...rest } = event;
  return walk(rest) as Record<string, unknown>;
}

/** `outputsParsed`: the recording's test parsed every `output` field (JSON text) into its value. */
export function compareExecution(
  expected: { outcome: Outcome; events: ExpectedEvent[]; outputsParsed?: boolean },
  actual: { outcome: Outcome; events: ActualEvent[] },
): CaseComparison {
  const outputsParsed = expected.outputsParsed ?? false;
  const differences: string[] = [];
  const statusMatches = expected.outcome.status === actual.outcome.status;
  if (!statusMatches)
    differences.push(`status: expected ${expected.outcome.status}, got ${actual.outcome.status}`);

  const outcomeFields = (o: Outcome) => {
    const out: Record<string, unknown> = {};
    if (o.output !== undefined)
      out.output = outputsParsed && typeof o.output === 'string' ? anyJson(o.output) : parsedJson(o.output);
    if (o.error !== undefined) out.error = o.error;
    if (o.cause !== undefined) out.cause = parsedJson(o.cause);
    return out;
  };
  const outcomeDifferences = valueDifferences(
    outcomeFields(expected.outcome),
    outcomeFields(actual.outcome),
    'describe',
  );
  differences.push(...outcomeDifferences);

  const actualEvents = actual.events.map((e) => normaliseEvent(e, outputsParsed));
  const typesMatch =
    expected.events.length === actualEvents.length &&
    expected.events.every((e, i) => e.type === actualEvents[i]?.type);
  if (!typesMatch) {
    differences.push(
      `event types: expected ${expected.events.map((e) => e.type).join(',')}; got ${actualEvents.map((e) => e.type).join(',')}`,
    );
  }
  let eventsMatched = 0;
  expected.events.forEach((event, i) => {
    const got = actualEvents[i];
    const eventDifferences = got
      ? valueDifferences(event, got, `event ${event.id} (${event.type})`)
      : [`event ${event.id} (${event.type}): missing`];
    if (eventDifferences.length === 0) eventsMatched++;
    differences.push(...eventDifferences);
  });
  return {
    statusMatches,
    outputMatches: outcomeDifferences.length === 0,
    typesMatch,
    eventsExpected: expected.events.length,
    eventsMatched,
    matches: differences.length === 0,
    differences,
  };
}

export interface Figures {
  cases: number;
  status: number;
  types: number;
  /** Events matching in every detail, over all recorded events. */
  details: number;
  eventsMatched: number;
  eventsExpected: number;
  fullyMatching: number;
}

export function figuresOf(comparisons: CaseComparison[]): Figures {
  const count = (f: (c: CaseComparison) => boolean) => comparisons.filter(f).length;
  const eventsExpected = comparisons.reduce((n, c) => n + c.eventsExpected, 0);
  const eventsMatched = comparisons.reduce((n, c) => n + c.eventsMatched, 0);
  const pct = (n: number, of: number) => (of === 0 ? 0 : Math.round((1000 * n) / of) / 10);
  return {
    cases: comparisons.length,
    status: pct(
      count((c) => c.statusMatches),
      comparisons.length,
    ),
    types: pct(
      count((c) => c.typesMatch),
      comparisons.length,
    ),
    details: pct(eventsMatched, eventsExpected),
    eventsMatched,
    eventsExpected,
    fullyMatching: count((c) => c.matches),
  };
}

export function formatFigures(label: string, f: Figures, target?: number): string {
  const goal = target === undefined ? '' : `  (target: ${target}% of details)`;
  return (
    `${label}: ${f.cases} executions; status ${f.status}%, event types ${f.types}%, ` +
    `details ${f.details}% (${f.eventsMatched}/${f.eventsExpected} events); ` +
    `${f.fullyMatching}/${f.cases} executions match fully${goal}`
  );
}
