import fc from 'fast-check';
import {
  actionMachine, actionsFrom, applyAction, canTransition, checkTransition, isTerminalStatus, statusMachine,
} from '../../src/domain/state-machine';
import { toConnection } from '../../src/graphql/connection';
import { fetchPage, toPage } from '../../src/services/paging';

type Light = 'RED' | 'GREEN' | 'OFF';
const lights = statusMachine<Light>('traffic light', { RED: ['GREEN', 'OFF'], GREEN: ['RED', 'OFF'], OFF: [] });
const door = actionMachine<'OPEN' | 'SHUT', 'OPEN_IT' | 'SHUT_IT' | 'KNOCK'>('door', {
  OPEN_IT: { from: ['SHUT'], to: 'OPEN', verb: 'opened' },
  SHUT_IT: { from: ['OPEN'], to: 'SHUT', verb: 'shut' },
  KNOCK: { from: ['SHUT'], to: 'SAME', verb: 'knocked on' },
});

describe('state machine helper', () => {
  test('a status graph allows exactly its edges and names the subject when it refuses', () => {
    expect(checkTransition(lights, 'RED', 'GREEN')).toEqual({ ok: true, to: 'GREEN' });
    expect(checkTransition(lights, 'OFF', 'RED')).toEqual({
      ok: false, code: 'ILLEGAL_TRANSITION', message: 'A traffic light in status OFF cannot move to RED',
    });
    expect(isTerminalStatus(lights, 'OFF')).toBe(true);
    expect(isTerminalStatus(lights, 'RED')).toBe(false);
  });

  test('unknown statuses and actions (Object.prototype names included) move nowhere', () => {
    expect(canTransition(lights, 'toString' as Light, 'RED')).toBe(false);
    expect(applyAction(door, 'SHUT', 'toString' as 'KNOCK')).toEqual({
      ok: false, code: 'ILLEGAL_TRANSITION', message: 'A door in status SHUT cannot be subjected to toString',
    });
  });

  test('an action leads to its target, SAME keeps the status, and actionsFrom keeps the given order', () => {
    expect(applyAction(door, 'SHUT', 'OPEN_IT')).toEqual({ ok: true, to: 'OPEN' });
    expect(applyAction(door, 'SHUT', 'KNOCK')).toEqual({ ok: true, to: 'SHUT' });
    expect(applyAction(door, 'OPEN', 'KNOCK')).toMatchObject({ ok: false, message: 'A door in status OPEN cannot be knocked on' });
    expect(actionsFrom(door, ['KNOCK', 'OPEN_IT', 'SHUT_IT'], 'SHUT')).toEqual(['KNOCK', 'OPEN_IT']);
  });

  test('the tables are frozen', () => {
    expect(() => { (lights.next.OFF as Light[]).push('RED'); }).toThrow(TypeError);
    expect(canTransition(lights, 'OFF', 'RED')).toBe(false);
  });
});

describe('paging and connections', () => {
  test('a page is at most `first` rows; hasNextPage exactly when the extra row came back', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 10 }), (available, first) => {
      const rows = Array.from({ length: Math.min(available, first + 1) }, (_, i) => i);
      const page = toPage(rows, first);
      expect(page.rows).toEqual(rows.slice(0, first));
      expect(page.hasNextPage).toBe(available > first);
    }));
  });

  test('fetchPage asks for one row more than the page', async () => {
    const limits: number[] = [];
    const page = await fetchPage(2, async (limit) => { limits.push(limit); return ['a', 'b', 'c']; });
    expect(limits).toEqual([3]);
    expect(page).toEqual({ rows: ['a', 'b'], hasNextPage: true });
  });

  test('toConnection: one cursor per row, the last as endCursor, nodes mapped when asked', () => {
    const rows = [{ id: '1' }, { id: '2' }];
    expect(toConnection({ rows, hasNextPage: true }, (r) => `c${r.id}`)).toEqual({
      edges: [{ cursor: 'c1', node: { id: '1' } }, { cursor: 'c2', node: { id: '2' } }],
      pageInfo: { hasNextPage: true, endCursor: 'c2' },
    });
    expect(toConnection({ rows, hasNextPage: false }, (r) => r.id, (r) => Number(r.id)).edges.map((e) => e.node)).toEqual([1, 2]);
    expect(toConnection({ rows: [], hasNextPage: false }, (r: { id: string }) => r.id).pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });
});
