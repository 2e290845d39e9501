// web/src/pub-filter.js: the publication filter, its address and its count.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as P from '../../../web/src/pub-filter.js';
import { PUBLICATION_TYPES, typeName } from '../../../web/src/format.js';

const GS = {
  title: 'On Scaling Up 3D Gaussian Splatting Training', year: 2024, type: 'CONFERENCE_PAPER',
  authors: [{ name: 'Hexu Zhao' }, { name: 'Saining Xie' }], venue: 'International Conference on ' +
    'Learning Representations', venueShort: 'ICLR 2025',
};
const GODEL = { title: 'Über formal unentscheidbare Sätze', year: '1931', type: 'JOURNAL_ARTICLE',
  authors: [{ name: 'Kurt Gödel' }], venue: 'Monatshefte für Mathematik' };
const DRAFT = { title: 'A Draft', authors: [{ name: 'Ann Lee' }], status: 'UNDER_SUBMISSION' };
const NONE = { q: '', year: '', type: '' };

describe('the filter in the address', () => {
  it('reads q, year and type; absent ones are ""', () => {
    assert.deepEqual(P.parseFilter('?q=gaussian&year=2025'), { q: 'gaussian', year: '2025', type: '' });
    assert.deepEqual(P.parseFilter('?q=3D+Gaussian%20splatting&type=journal-article'),
      { q: '3D Gaussian splatting', year: '', type: 'journal-article' });
    assert.deepEqual(P.parseFilter(''), NONE);
    assert.deepEqual(P.parseFilter('?year=forthcoming&other=1'), { q: '', year: 'forthcoming', type: '' });
  });
  it('writes q, year and type, drops empty ones and keeps other parameters', () => {
    assert.equal(P.filterSearch('', { q: 'gaussian', year: '2025', type: '' }), '?q=gaussian&year=2025');
    assert.equal(P.filterSearch('?q=old&utm=x', { q: 'a b&c', year: '', type: 'thesis' }),
      '?q=a+b%26c&utm=x&type=thesis');
    assert.equal(P.filterSearch('?q=gaussian&year=2025', NONE), '');
    assert.equal(P.filterSearch('?lang=en&year=2024', NONE), '?lang=en');
  });
  it('round-trips a query with quotes and angle brackets', () => {
    const f = { q: '"><svg onload=x>', year: '2024', type: '' };
    assert.deepEqual(P.parseFilter(P.filterSearch('', f)), f);
  });
  it('is active with words, a year or a type; not with spaces alone', () => {
    assert.equal(P.isActive(NONE), false);
    assert.equal(P.isActive({ ...NONE, q: '   ' }), false);
    assert.equal(P.isActive({ ...NONE, q: 'x' }), true);
    assert.equal(P.isActive({ ...NONE, year: '2024' }), true);
    assert.equal(P.isActive({ ...NONE, type: 'thesis' }), true);
  });
});

describe('matching', () => {
  const q = (text) => ({ ...NONE, q: text });
  it('finds every word in title, authors, venue or short venue, in any case', () => {
    assert.equal(P.matches(GS, q('gaussian')), true);
    assert.equal(P.matches(GS, q('GAUSSIAN training')), true);
    assert.equal(P.matches(GS, q('xie')), true);
    assert.equal(P.matches(GS, q('learning representations')), true);
    assert.equal(P.matches(GS, q('iclr 2025')), true);
    assert.equal(P.matches(GS, q('  splatting   zhao ')), true);
    assert.equal(P.matches(GS, q('gaussian transformer')), false);
    assert.equal(P.matches(GS, q('nerf')), false);
  });
  it('ignores accents both ways', () => {
    assert.equal(P.matches(GODEL, q('godel')), true);
    assert.equal(P.matches(GODEL, q('GÖDEL satze')), true);
    assert.equal(P.matches({ ...DRAFT, title: 'Resume' }, q('résumé')), true);
  });
  it('does not search other fields', () => {
    assert.equal(P.matches({ ...DRAFT, abstract: 'gaussian' }, q('gaussian')), false);
    assert.equal(P.matches(DRAFT, q('under')), false);
  });
  it('keeps the year and type chosen, "forthcoming" for no year', () => {
    assert.equal(P.matches(GS, { ...NONE, year: '2024' }), true);
    assert.equal(P.matches(GS, { ...NONE, year: '2025' }), false);
    assert.equal(P.matches(GODEL, { ...NONE, year: '1931' }), true);
    assert.equal(P.matches(DRAFT, { ...NONE, year: 'forthcoming' }), true);
    assert.equal(P.matches(GS, { ...NONE, year: 'forthcoming' }), false);
    assert.equal(P.matches(GS, { ...NONE, type: 'conference-paper' }), true);
    assert.equal(P.matches(GS, { ...NONE, type: 'journal-article' }), false);
    assert.equal(P.matches(DRAFT, { ...NONE, type: 'conference-paper' }), false);
    assert.equal(P.matches(GS, { q: 'zhao', year: '2024', type: 'conference-paper' }), true);
    assert.equal(P.matches(GS, { q: 'godel', year: '2024', type: 'conference-paper' }), false);
  });
  it('survives records with missing or odd fields', () => {
    assert.equal(P.matches({}, q('x')), false);
    assert.equal(P.matches({ title: 7, authors: 'x', venue: null }, q('x')), false);
    assert.equal(P.matches({}, NONE), true);
  });
});

describe('chips', () => {
  it('offers "Forthcoming" first, then years newest first, each once', () => {
    const list = [{ year: 2022 }, GS, DRAFT, { year: 2025 }, { year: 2024 }, { year: 0 }];
    assert.deepEqual(P.facets(list).years, [
      { key: 'forthcoming', label: 'Forthcoming' }, { key: '2025', label: '2025' },
      { key: '2024', label: '2024' }, { key: '2022', label: '2022' }]);
  });
  it('offers the types present, in the order of the proto, none for no type', () => {
    const list = [GODEL, DRAFT, GS, { type: 'THESIS' }, { type: 'TYPE_UNSPECIFIED' }, { type: 'BOGUS' }];
    assert.deepEqual(P.facets(list).types, [
      { key: 'conference-paper', label: 'Conference paper' },
      { key: 'journal-article', label: 'Journal article' },
      { key: 'thesis', label: 'Thesis' }]);
  });
  it('names every Publication.Type of the proto', () => {
    const proto = fs.readFileSync(fileURLToPath(new URL('../../../proto/vita/v1/publication.proto',
      import.meta.url)), 'utf8');
    const body = /enum Type \{([\s\S]*?)\n {2}\}/.exec(proto)[1];
    const types = [...body.matchAll(/^\s*([A-Z_]+) = \d+;/gm)].map((m) => m[1])
      .filter((t) => t !== 'TYPE_UNSPECIFIED');
    assert.deepEqual(PUBLICATION_TYPES, types);
    assert.deepEqual(types.map(typeName), ['Conference paper', 'Journal article', 'Manuscript', 'Thesis',
      'Talk', 'Book', 'Book chapter', 'Workshop paper', 'Technical report', 'Patent', 'Other']);
    assert.equal(typeName('TYPE_UNSPECIFIED'), '');
    assert.equal(typeName('constructor'), '');
    assert.equal(P.typeKey('BOOK_CHAPTER'), 'book-chapter');
    assert.equal(P.typeKey('TYPE_UNSPECIFIED'), '');
    assert.equal(P.typeKey(undefined), '');
  });
});

describe('the count line', () => {
  it('says how many, and "n of m" while filtering', () => {
    assert.equal(P.countLine(12, 12, false), '12 publications');
    assert.equal(P.countLine(3, 12, true), '3 of 12 publications');
    assert.equal(P.countLine(0, 12, true), '0 of 12 publications');
    assert.equal(P.countLine(1, 1, false), '1 publication');
    assert.equal(P.countLine(1, 1, true), '1 of 1 publication');
  });
});
