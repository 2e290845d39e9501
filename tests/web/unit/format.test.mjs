// web/src/format.js: how the page writes dates, people and venues.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as F from '../../../web/src/format.js';

describe('dates', () => {
  it('writes month and year as the reference page does', () => {
    assert.equal(F.formatMonthYear({ year: 2023, month: 9 }), 'Sept. 2023');
    assert.equal(F.formatMonthYear({ year: 2024, month: 5 }), 'May 2024');
    assert.equal(F.formatMonthYear({ year: '2023', month: '6' }), 'June 2023');
    assert.equal(F.formatMonthYear({ year: 2021 }), '2021');
    assert.equal(F.formatMonthYear({ year: 2021, month: 13 }), '2021');
    assert.equal(F.formatMonthYear({}), '');
    assert.equal(F.formatMonthYear(undefined), '');
  });
  it('writes ranges with an en dash, an open end as "Present"', () => {
    assert.equal(F.formatRange({ year: 2019, month: 9 }, { year: 2023, month: 6 }), 'Sept. 2019 \u2013 June 2023');
    assert.equal(F.formatRange({ year: 2023, month: 9 }, undefined), 'Sept. 2023 \u2013 Present');
    assert.equal(F.formatRange(undefined, undefined), '');
    assert.equal(F.formatRange(undefined, { year: 2020 }), '2020');
  });
  it('writes news dates as MM/YYYY, MM/DD/YYYY or YYYY', () => {
    assert.equal(F.formatNewsDate({ year: 2024, month: 3 }), '03/2024');
    assert.equal(F.formatNewsDate({ year: 2024, month: 3, day: 5 }), '03/05/2024');
    assert.equal(F.formatNewsDate({ year: 2024, month: 11, day: 25 }), '11/25/2024');
    assert.equal(F.formatNewsDate({ year: 2024 }), '2024');
    assert.equal(F.formatNewsDate({}), '');
  });
  it('finds the newest time and writes its UTC day', () => {
    const d = F.newestTime(['2025-06-01T12:00:00Z', 'not a time', '', null,
      '2025-12-31T23:30:00.250Z', '2024-09-09T09:09:09Z']);
    assert.equal(d.toISOString(), '2025-12-31T23:30:00.250Z');
    assert.equal(F.formatDay(d), 'Dec. 31, 2025');
    assert.equal(F.formatDay(new Date('2026-11-27T00:00:00Z')), 'Nov. 27, 2026');
    assert.equal(F.newestTime([undefined, 'x']), null);
  });
});

describe('people and venues', () => {
  it('obfuscates e-mail addresses', () => {
    assert.equal(F.obfuscateEmail('hz3496@nyu.edu'), 'hz3496 [at] nyu [dot] edu');
    assert.equal(F.obfuscateEmail('a.b@c.d.org'), 'a [dot] b [at] c [dot] d [dot] org');
  });
  it('writes the venue line from status and venue', () => {
    assert.equal(F.venueLine({ status: 'UNDER_SUBMISSION', venue: 'ICLR2025' }), 'Under Submission to ICLR2025');
    assert.equal(F.venueLine({ status: 'UNDER_SUBMISSION' }), 'Under Submission');
    assert.equal(F.venueLine({ status: 'ACCEPTED', venue: 'MLSys' }), 'Accepted at MLSys');
    assert.equal(F.venueLine({ status: 'ACCEPTED' }), 'Accepted');
    assert.equal(F.venueLine({ status: 'PREPRINT', venue: 'arXiv' }), 'Preprint, arXiv');
    assert.equal(F.venueLine({ status: 'PREPRINT' }), 'Preprint');
    assert.equal(F.venueLine({ status: 'PUBLISHED', venue: 'ACL2022' }), 'ACL2022');
    assert.equal(F.venueLine({}), '');
  });
  it('marks equal contribution with "*" and the corresponding author with "\u2020"', () => {
    assert.equal(F.authorLabel({ name: 'Hexu Zhao' }), 'Hexu Zhao');
    assert.equal(F.authorLabel({ name: 'Hexu Zhao', equalContribution: true }), '*Hexu Zhao');
    assert.equal(F.authorLabel({ name: 'Jane Doe', corresponding: true }), 'Jane Doe\u2020');
    assert.equal(F.authorLabel({ name: 'J', equalContribution: true, corresponding: true }), '*J\u2020');
    assert.equal(F.authorFootnote(true, false), '* Equal contribution.');
    assert.equal(F.authorFootnote(false, true), '\u2020 Corresponding author.');
    assert.equal(F.authorFootnote(true, true), '* Equal contribution. \u2020 Corresponding author.');
    assert.equal(F.authorFootnote(false, false), '');
  });
  it('joins names as "A", "A and B", "A, B and C"', () => {
    const join = (names) => names.map((n, i) => F.nameSeparator(i, names.length) + n).join('');
    assert.equal(join(['A']), 'A');
    assert.equal(join(['A', 'B']), 'A and B');
    assert.equal(join(['A', 'B', 'C']), 'A, B and C');
  });
});
