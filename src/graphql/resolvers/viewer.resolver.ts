import { Ctx, Query, Resolver } from 'type-graphql';
import type { GqlContext } from '../context';
import { Viewer } from '../types/viewer.types';
import { scopeOf } from '../../services/access';
import { toGlobalId } from '../ids';

/** `viewer`: who the token says you are. Anonymous callers get role ANONYMOUS rather than an error. */
@Resolver()
export class ViewerResolver {
  @Query(() => Viewer, { description: 'Who is asking: the role and, for customers and guests, the customer record. Works without credentials (role ANONYMOUS).' })
  async viewer(@Ctx() ctx: GqlContext) {
    const actor = ctx.svc.actor;
    switch (actor.kind) {
      case 'anonymous': return { role: 'ANONYMOUS', subject: null, customer: null };
      case 'partner': return { role: 'PARTNER', subject: toGlobalId('Partner', actor.partnerId), customer: null };
      case 'operator':
      case 'admin': return { role: actor.kind.toUpperCase(), subject: actor.subject, customer: null };
      case 'customer':
      case 'guest': {
        const scope = await scopeOf(ctx.svc);
        const customer = !scope.all && scope.customerId ? await ctx.loaders.customers.load(scope.customerId) : null;
        return { role: actor.kind.toUpperCase(), subject: actor.kind === 'customer' ? actor.externalId : null, customer };
      }
    }
  }
}
