// web/src/pub-groups.js: selected publications and groups by year, in the
// order given.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { groupByYear, selected } from '../../../web/src/pub-groups.js';

const pub = (title, year, more = {}) => ({ title, ...(year === undefined ? {} : { year }), ...more });
const shape = (groups) => groups.map((g) => [g.key, g.label, g.publications.map((p) => p.title)]);

describe('selected', () => {
  it('keeps the selected publications in the order given', () => {
    const list = [pub('a', 2024, { selected: true }), pub('b', 2025), pub('c', 2023, { selected: true }),
      pub('d', 2022, { selected: 'true' })];
    assert.deepEqual(selected(list).map((p) => p.title), ['a', 'c']);
    assert.deepEqual(selected([pub('x', 2020)]), []);
  });
});

describe('groupByYear', () => {
  it('groups the server order: pinned ones unlabelled, then Forthcoming, then each year', () => {
    const list = [pub('pin2', 2022, { displayOrder: 1 }), pub('pin1', 2025, { displayOrder: 2 }),
      pub('draft1'), pub('draft2', 0), pub('n1', 2025), pub('n2', '2025'), pub('o1', 2023)];
    assert.deepEqual(shape(groupByYear(list)), [
      ['pinned', '', ['pin2', 'pin1']],
      ['forthcoming', 'Forthcoming', ['draft1', 'draft2']],
      ['2025', '2025', ['n1', 'n2']],
      ['2023', '2023', ['o1']],
    ]);
  });
  it('keeps a hand-ordered list as one group (the demo profile)', () => {
    const list = [pub('a', 2024, { displayOrder: 1 }), pub('b', 2023, { displayOrder: '2' }),
      pub('c', 2022, { displayOrder: 3 }), pub('d', 2024, { displayOrder: 4 })];
    assert.deepEqual(shape(groupByYear(list)), [['pinned', '', ['a', 'b', 'c', 'd']]]);
  });
  it('never re-sorts: a list out of order gets a group per run', () => {
    const list = [pub('a', 2023), pub('b', 2025), pub('c', 2023)];
    assert.deepEqual(shape(groupByYear(list)), [['2023', '2023', ['a']], ['2025', '2025', ['b']],
      ['2023', '2023', ['c']]]);
  });
  it('has no group for no publications', () => {
    assert.deepEqual(groupByYear([]), []);
  });
});
