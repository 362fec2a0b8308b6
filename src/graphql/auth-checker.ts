import type { AuthCheckerFn } from 'type-graphql';
import { UnauthenticatedError } from '../services/errors';
import type { GqlContext } from './context';

/** Roles each kind of actor holds; ADMIN can do everything an OPERATOR can. */
const ROLES: Record<string, readonly string[]> = {
  customer: ['CUSTOMER'],
  guest: ['CUSTOMER', 'GUEST'],
  operator: ['OPERATOR'],
  admin: ['ADMIN', 'OPERATOR'],
  partner: ['PARTNER'],
};

/** `@Authorized(...roles)`: anonymous callers get UNAUTHENTICATED, others without the role FORBIDDEN. */
export const authChecker: AuthCheckerFn<GqlContext> = ({ context }, roles) => {
  const kind = context.svc.actor.kind;
  if (kind === 'anonymous') throw new UnauthenticatedError();
  if (roles.length === 0) return true;
  return roles.some((r) => ROLES[kind]?.includes(r));
};
