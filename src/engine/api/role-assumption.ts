// Whether Lambda or Step Functions may assume the role a request names, as AWS checks on
// CreateFunction/UpdateFunctionConfiguration and CreateStateMachine/UpdateStateMachine.
//
// The local engine has no real IAM: a role it knows nothing about (not created through its IAM API,
// or of another account) is accepted, so placeholder ARNs keep working. A role it does know must
// trust the service, and, with `--fault role-propagation=…`, must have been created (or had its
// trust policy changed) long enough ago, as IAM's eventual consistency makes a new role
// unassumable on AWS for some seconds.
import { ROLE_NOT_ASSUMABLE_ANSWERS } from '../../aws/errors.js';
import { assumingPrincipals, trustAllows, type AssumingService } from '../../aws/trust-policy.js';
import type { Account } from './arn.js';
import type { IamRoleStore } from '../store/iam-roles.js';
import { ApiError } from './errors.js';

const ROLE_ARN = /^arn:aws[a-zA-Z-]*:iam::(\d{12}):role(\/(?:.*\/)?)([^/]+)$/;

export class RoleAssumption {
  /** When each role's trust last changed, by lower-case name (IAM names ignore case); this run only. */
  private readonly trustChangedAt = new Map<string, number>();

  constructor(
    private readonly roles: IamRoleStore,
    private readonly account: Account,
    /** How long a changed trust takes to apply (`--fault role-propagation`); 0 without the fault. */
    private readonly propagationMs = 0,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** CreateRole or UpdateAssumeRolePolicy succeeded: the role is not assumable for a while. */
  trustChanged(roleName: string): void {
    if (this.propagationMs > 0) this.trustChangedAt.set(roleName.toLowerCase(), this.now());
  }

  /** Throws the service's refusal when it cannot assume `roleArn`. */
  assertAssumable(roleArn: string, service: AssumingService): void {
    const match = ROLE_ARN.exec(roleArn);
    if (!match || match[1] !== this.account.accountId) return;
    const [, , path, name] = match;
    const role = this.roles.get(name);
    if (!role || role.path !== path) return;
    const changedAt = this.trustChangedAt.get(name.toLowerCase());
    const propagating = changedAt !== undefined && this.now() - changedAt < this.propagationMs;
    if (
      propagating ||
      !trustAllows(role.assumeRolePolicyDocument, assumingPrincipals(service, this.account.region))
    ) {
      const answer = ROLE_NOT_ASSUMABLE_ANSWERS[service];
      throw new ApiError(answer.type, answer.message, answer.status);
    }
  }
}
