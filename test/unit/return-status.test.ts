import fc from 'fast-check';
import {
  allowedActions,
  canTransition,
  claimsQuantity,
  isReturnStatus,
  isTerminal,
  RETURN_ACTIONS,
  RETURN_STATUSES,
  type ReturnAction,
  type ReturnStatus,
  transition,
} from '../../src/domain/return-status';

// The table from the design, written out independently of the implementation.
const EXPECTED: Record<ReturnAction, Partial<Record<ReturnStatus, ReturnStatus>>> = {
  APPROVE: { REQUESTED: 'APPROVED' },
  REJECT: { REQUESTED: 'REJECTED' },
  CANCEL: { REQUESTED: 'CANCELLED', APPROVED: 'CANCELLED', AWAITING_DROP_OFF: 'CANCELLED' },
  BOOK_METHOD: { APPROVED: 'AWAITING_DROP_OFF' },
  SHIP: { AWAITING_DROP_OFF: 'IN_TRANSIT' },
  RECEIVE: { APPROVED: 'RECEIVED', AWAITING_DROP_OFF: 'RECEIVED', IN_TRANSIT: 'RECEIVED', RECEIVED: 'RECEIVED' },
  CLOSE_MISSING: { RECEIVED: 'RECEIVED' },
  SELECT_METHOD: { APPROVED: 'APPROVED' },
  RECORD_SCAN: { AWAITING_DROP_OFF: 'AWAITING_DROP_OFF', IN_TRANSIT: 'IN_TRANSIT' },
  SETTLE_RETURNLESS: { APPROVED: 'COMPLETED' },
  INSPECT: { RECEIVED: 'RECEIVED', INSPECTED: 'INSPECTED' },
  SET_DISPOSITION: { RECEIVED: 'RECEIVED', INSPECTED: 'INSPECTED' },
  FINISH_INSPECTION: { RECEIVED: 'INSPECTED' },
  COMPLETE: { RECEIVED: 'COMPLETED', INSPECTED: 'COMPLETED' },
  EXPIRE: { APPROVED: 'EXPIRED', AWAITING_DROP_OFF: 'EXPIRED' },
};

const TERMINAL: ReturnStatus[] = ['REJECTED', 'COMPLETED', 'CANCELLED', 'EXPIRED'];

describe('transition', () => {
  const pairs = RETURN_STATUSES.flatMap((status) => RETURN_ACTIONS.map((action) => [status, action] as const));

  it('covers all 150 (status, action) pairs', () => {
    expect(pairs).toHaveLength(150);
  });

  it.each(pairs)('%s + %s follows the table', (status, action) => {
    const expected = EXPECTED[action][status];
    const result = transition(status, action);
    if (expected === undefined) {
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.code).toBe('ILLEGAL_TRANSITION');
        expect(result.message).toContain(status);
      }
      expect(canTransition(status, action)).toBe(false);
    } else {
      expect(result).toEqual({ ok: true, to: expected });
      expect(canTransition(status, action)).toBe(true);
    }
  });

  it('explains an illegal transition in words', () => {
    expect(transition('COMPLETED', 'CANCEL')).toEqual({
      ok: false,
      code: 'ILLEGAL_TRANSITION',
      message: 'A return in status COMPLETED cannot be cancelled',
    });
    expect(transition('IN_TRANSIT', 'APPROVE')).toMatchObject({
      message: 'A return in status IN_TRANSIT cannot be approved',
    });
  });

  it('refuses an unknown action instead of throwing', () => {
    expect(transition('REQUESTED', 'FLY' as ReturnAction)).toMatchObject({ ok: false, code: 'ILLEGAL_TRANSITION' });
    expect(transition('REQUESTED', 'toString' as ReturnAction)).toMatchObject({ ok: false });
  });
});

describe('allowedActions', () => {
  it.each(RETURN_STATUSES)('lists exactly the legal actions of %s', (status) => {
    const expected = RETURN_ACTIONS.filter((action) => EXPECTED[action][status] !== undefined);
    expect(allowedActions(status)).toEqual(expected);
  });

  it('is empty exactly for terminal statuses', () => {
    for (const status of RETURN_STATUSES) {
      expect(allowedActions(status).length === 0).toBe(isTerminal(status));
    }
  });
});

describe('isTerminal and claimsQuantity', () => {
  it.each(RETURN_STATUSES)('%s', (status) => {
    expect(isTerminal(status)).toBe(TERMINAL.includes(status));
    expect(claimsQuantity(status)).toBe(!['REJECTED', 'CANCELLED', 'EXPIRED'].includes(status));
  });

  it('recognises statuses', () => {
    expect(isReturnStatus('RECEIVED')).toBe(true);
    expect(isReturnStatus('received')).toBe(false);
    expect(isReturnStatus(3)).toBe(false);
  });
});

describe('state machine properties', () => {
  it('never leaves a terminal state and only yields known statuses', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...RETURN_ACTIONS), { maxLength: 60 }), (actions) => {
        let status: ReturnStatus = 'REQUESTED';
        let terminalReached: ReturnStatus | null = null;
        for (const action of actions) {
          const result = transition(status, action);
          if (result.ok) status = result.to;
          expect(RETURN_STATUSES).toContain(status);
          if (terminalReached !== null) expect(status).toBe(terminalReached);
          if (isTerminal(status)) terminalReached = status;
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('a refused transition reports, and changes nothing, for any status', () => {
    fc.assert(
      fc.property(fc.constantFrom(...RETURN_STATUSES), fc.constantFrom(...RETURN_ACTIONS), (status, action) => {
        const result = transition(status, action);
        expect(result.ok).toBe(allowedActions(status).includes(action));
      }),
    );
  });
});
