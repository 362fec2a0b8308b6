import { groupedByIds, inIdOrder } from '../../src/services/batch-load';

describe('batch loader ordering', () => {
  it('answers one row per id in the order asked, null where none came back', () => {
    const rows = [{ id: 'b', v: 2 }, { id: 'a', v: 1 }];
    expect(inIdOrder(['a', 'x', 'b', 'a'], rows)).toEqual([{ id: 'a', v: 1 }, null, { id: 'b', v: 2 }, { id: 'a', v: 1 }]);
    expect(inIdOrder([], rows)).toEqual([]);
  });

  it('groups rows under their key, one group per id in order, keeping row order and ignoring unasked keys', () => {
    const rows = [{ k: 'b', n: 1 }, { k: 'a', n: 2 }, { k: 'z', n: 3 }, { k: 'b', n: 4 }];
    expect(groupedByIds(['a', 'b', 'c'], rows, (r) => r.k)).toEqual([[{ k: 'a', n: 2 }], [{ k: 'b', n: 1 }, { k: 'b', n: 4 }], []]);
  });
});
