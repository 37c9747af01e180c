// Whether a role's trust policy lets a service assume it: what Lambda checks on CreateFunction and
// UpdateFunctionConfiguration, and Step Functions on CreateStateMachine and UpdateStateMachine (IAM
// User Guide, "Policy evaluation logic" and "AWS JSON policy elements: Principal, Action").

/** The services that assume a role taskctl deploys, as they name themselves in a trust policy. */
export type AssumingService = 'lambda' | 'states';

/**
 * The principals that count for each service: Lambda's global one; Step Functions' global one or its
 * regional one ("Neither the global service principal states.amazonaws.com, nor the regional one…").
 */
export const assumingPrincipals = (service: AssumingService, region: string): string[] =>
  service === 'lambda'
    ? ['lambda.amazonaws.com']
    : ['states.amazonaws.com', `states.${region}.amazonaws.com`];

const ASSUME_ROLE = 'sts:assumerole';

type Statement = Record<string, unknown>;

const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

/** IAM's action wildcards: `*` any run of characters, `?` one; action names compare case-insensitively. */
function actionMatches(pattern: unknown): boolean {
  if (typeof pattern !== 'string') return false;
  const source = pattern
    .toLowerCase()
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(ASSUME_ROLE);
}

/** `"*"`, `{"AWS": "*"}` (every principal) or a `Service` naming one of `principals`. */
function principalMatches(principal: unknown, principals: readonly string[]): boolean {
  if (principal === '*') return true;
  if (typeof principal !== 'object' || principal === null) return false;
  const { AWS, Service } = principal as Record<string, unknown>;
  return (
    listOf(AWS).includes('*') || listOf(Service).some((s) => typeof s === 'string' && principals.includes(s))
  );
}

function statementCovers(statement: Statement, principals: readonly string[]): boolean {
  const principal =
    statement.Principal !== undefined
      ? principalMatches(statement.Principal, principals)
      : statement.NotPrincipal !== undefined && !principalMatches(statement.NotPrincipal, principals);
  const action =
    statement.Action !== undefined
      ? listOf(statement.Action).some(actionMatches)
      : statement.NotAction !== undefined && !listOf(statement.NotAction).some(actionMatches);
  return principal && action;
}

/**
 * Whether `document` (a trust policy's JSON) lets one of `principals` call sts:AssumeRole: an Allow
 * statement covers it and no Deny does. Conditions cannot be evaluated without a request's context:
 * an Allow with a Condition counts (services pass aws:SourceAccount and the like), a Deny with one
 * does not, so a role is refused only when its policy surely refuses.
 */
export function trustAllows(document: string, principals: readonly string[]): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch {
    return false;
  }
  const statements = listOf((parsed as { Statement?: unknown } | null)?.Statement).filter(
    (s): s is Statement => typeof s === 'object' && s !== null && !Array.isArray(s),
  );
  const covering = statements.filter((s) => statementCovers(s, principals));
  return (
    covering.some((s) => s.Effect === 'Allow') &&
    !covering.some((s) => s.Effect === 'Deny' && s.Condition === undefined)
  );
}
