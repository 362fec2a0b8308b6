import { deepFreeze } from './deep-freeze';

/** Result of asking a state machine for a move: the new status, or why not (the same shape for every machine). */
export type Transition<S extends string> =
  | { ok: true; to: S }
  | { ok: false; code: 'ILLEGAL_TRANSITION'; message: string };

/** A state machine as data: for each status, where it may go; `subject` names the thing in refusals. */
export interface StatusMachine<S extends string> { readonly subject: string; readonly next: Readonly<Record<S, readonly S[]>> }

/** Declares a machine whose moves are status → status; the table is frozen so no caller can change it. */
export function statusMachine<S extends string>(subject: string, next: Record<S, readonly S[]>): StatusMachine<S> {
  return deepFreeze({ subject, next });
}

/** True when a `from` may move to `to` (an unknown `from`, e.g. "toString", moves nowhere). */
export function canTransition<S extends string>(machine: StatusMachine<S>, from: S, to: S): boolean {
  return Object.hasOwn(machine.next, from) && machine.next[from].includes(to);
}

/** `to` if the move is allowed, else ILLEGAL_TRANSITION with a message naming the subject and both statuses. */
export function checkTransition<S extends string>(machine: StatusMachine<S>, from: S, to: S): Transition<S> {
  if (!canTransition(machine, from, to)) return illegal(`A ${machine.subject} in status ${from} cannot move to ${String(to)}`);
  return { ok: true, to };
}

/** True when no move leaves the status. */
export function isTerminalStatus<S extends string>(machine: StatusMachine<S>, status: S): boolean {
  return machine.next[status].length === 0;
}

/** One action's rule: the statuses it is allowed from, and where it leads ('SAME': allowed, status unchanged). */
export interface ActionRule<S extends string> { from: readonly S[]; to: S | 'SAME'; verb: string }

/** A state machine whose moves are named actions (approve, sell…), each with one rule. */
export interface ActionMachine<S extends string, A extends string> { readonly subject: string; readonly rules: Readonly<Record<A, ActionRule<S>>> }

/** Declares an action machine; the table is frozen. */
export function actionMachine<S extends string, A extends string>(subject: string, rules: Record<A, ActionRule<S>>): ActionMachine<S, A> {
  return deepFreeze({ subject, rules });
}

/** The rule for action, or undefined for an unknown one (Object.hasOwn: "toString" must not reach Object.prototype). */
export function ruleOf<S extends string, A extends string>(machine: ActionMachine<S, A>, action: A): ActionRule<S> | undefined {
  return Object.hasOwn(machine.rules, action) ? machine.rules[action] : undefined;
}

/** Where `action` takes a `from`, or ILLEGAL_TRANSITION ("A return in status X cannot be approved"). */
export function applyAction<S extends string, A extends string>(machine: ActionMachine<S, A>, from: S, action: A): Transition<S> {
  const rule = ruleOf(machine, action);
  if (rule === undefined || !rule.from.includes(from)) {
    return illegal(`A ${machine.subject} in status ${from} cannot be ${rule?.verb ?? `subjected to ${String(action)}`}`);
  }
  return { ok: true, to: rule.to === 'SAME' ? from : rule.to };
}

/** The actions allowed from a status, in the order given. */
export function actionsFrom<S extends string, A extends string>(machine: ActionMachine<S, A>, order: readonly A[], status: S): A[] {
  return order.filter((action) => ruleOf(machine, action)?.from.includes(status) ?? false);
}

function illegal(message: string): { ok: false; code: 'ILLEGAL_TRANSITION'; message: string } {
  return { ok: false, code: 'ILLEGAL_TRANSITION', message };
}
