import { actionMachine, actionsFrom, applyAction, type Transition } from './state-machine';

/** Every status a return can be in, in lifecycle order. */
export const RETURN_STATUSES = [
  'REQUESTED',
  'APPROVED',
  'REJECTED',
  'AWAITING_DROP_OFF',
  'IN_TRANSIT',
  'RECEIVED',
  'INSPECTED',
  'COMPLETED',
  'CANCELLED',
  'EXPIRED',
] as const;

/** The status of a return (RMA). */
export type ReturnStatus = (typeof RETURN_STATUSES)[number];

/** Every action that may change, or must be allowed in, a return's status. */
export const RETURN_ACTIONS = [
  'APPROVE',
  'REJECT',
  'CANCEL',
  'BOOK_METHOD',
  'SHIP',
  'RECEIVE',
  'INSPECT',
  'SET_DISPOSITION',
  'FINISH_INSPECTION',
  'COMPLETE',
  'EXPIRE',
  'CLOSE_MISSING',
  'SELECT_METHOD',
  'RECORD_SCAN',
  'SETTLE_RETURNLESS',
] as const;

/** Something an actor or a partner event does to a return. */
export type ReturnAction = (typeof RETURN_ACTIONS)[number];

/** Result of asking the state machine for a transition. */
export type TransitionResult = Transition<ReturnStatus>;

// 'SAME' marks actions that are allowed but keep the status (partial receipt, grading).
const MACHINE = actionMachine<ReturnStatus, ReturnAction>('return', {
  APPROVE: { from: ['REQUESTED'], to: 'APPROVED', verb: 'approved' },
  REJECT: { from: ['REQUESTED'], to: 'REJECTED', verb: 'rejected' },
  CANCEL: { from: ['REQUESTED', 'APPROVED', 'AWAITING_DROP_OFF'], to: 'CANCELLED', verb: 'cancelled' },
  BOOK_METHOD: { from: ['APPROVED'], to: 'AWAITING_DROP_OFF', verb: 'given a return method' },
  SHIP: { from: ['AWAITING_DROP_OFF'], to: 'IN_TRANSIT', verb: 'shipped' },
  // A parcel may arrive without a booked method or a carrier scan, and in several parcels.
  RECEIVE: { from: ['APPROVED', 'AWAITING_DROP_OFF', 'IN_TRANSIT', 'RECEIVED'], to: 'RECEIVED', verb: 'received' },
  CLOSE_MISSING: { from: ['RECEIVED'], to: 'RECEIVED', verb: 'closed with items missing' },
  INSPECT: { from: ['RECEIVED', 'INSPECTED'], to: 'SAME', verb: 'inspected' },
  SET_DISPOSITION: { from: ['RECEIVED', 'INSPECTED'], to: 'SAME', verb: 'given a disposition' },
  FINISH_INSPECTION: { from: ['RECEIVED'], to: 'INSPECTED', verb: 'marked as inspected' },
  COMPLETE: { from: ['RECEIVED', 'INSPECTED'], to: 'COMPLETED', verb: 'completed' },
  EXPIRE: { from: ['APPROVED', 'AWAITING_DROP_OFF'], to: 'EXPIRED', verb: 'expired' },
  // Choosing (or choosing again after a failed booking) happens while approved; the booking moves it on.
  SELECT_METHOD: { from: ['APPROVED'], to: 'SAME', verb: 'given a new return method' },
  // Scans that do not move the parcel forward (out for delivery, a failed pickup attempt, an early refund).
  RECORD_SCAN: { from: ['AWAITING_DROP_OFF', 'IN_TRANSIT'], to: 'SAME', verb: 'scanned' },
  // "Keep it": refunded at once, nothing travels.
  SETTLE_RETURNLESS: { from: ['APPROVED'], to: 'COMPLETED', verb: 'refunded without a return' },
});

const TERMINAL: ReadonlySet<ReturnStatus> = new Set(['REJECTED', 'COMPLETED', 'CANCELLED', 'EXPIRED']);
const RELEASED: ReadonlySet<ReturnStatus> = new Set(['REJECTED', 'CANCELLED', 'EXPIRED']);

/** The one state machine: where `action` takes a return in status `from`, or why it cannot. */
export function transition(from: ReturnStatus, action: ReturnAction): TransitionResult {
  return applyAction(MACHINE, from, action);
}

/** True when `action` is allowed for a return in status `from`. */
export function canTransition(from: ReturnStatus, action: ReturnAction): boolean {
  return transition(from, action).ok;
}

/** The actions allowed in a status, in RETURN_ACTIONS order (empty for terminal ones). */
export function allowedActions(status: ReturnStatus): ReturnAction[] {
  return actionsFrom(MACHINE, RETURN_ACTIONS, status);
}

/** True when no action can leave the status. */
export function isTerminal(status: ReturnStatus): boolean {
  return TERMINAL.has(status);
}

/** True while the return's items still count against the order lines' returnable quantity. */
export function claimsQuantity(status: ReturnStatus): boolean {
  return !RELEASED.has(status);
}

/** True when value is one of RETURN_STATUSES (for data read from storage or input). */
export function isReturnStatus(value: unknown): value is ReturnStatus {
  return typeof value === 'string' && (RETURN_STATUSES as readonly string[]).includes(value);
}
