// web/src/coauthors.js: authors without a url link to their co-author's.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { authorUrl, coauthorUrls } from '../../../web/src/coauthors.js';

const LI = 'https://www.news.cs.nyu.edu/~jinyang/';
const PANDA = 'https://cs.nyu.edu/~apanda/';
const urls = coauthorUrls([
  { name: 'Jinyang Li', nameVariants: ['J. Li', 'Li, Jinyang'], url: LI },
  { name: 'Aurojit Panda', url: PANDA },
  { name: 'No Homepage', nameVariants: ['N. H.'] },
  { name: 'J. Li', url: 'https://other.example.org/' },
]);

describe('co-author links', () => {
  it('links a name or a variant, ignoring case and runs of space', () => {
    assert.equal(authorUrl({ name: 'Jinyang Li' }, urls), LI);
    assert.equal(authorUrl({ name: 'J. Li' }, urls), LI);
    assert.equal(authorUrl({ name: 'li,  JINYANG ' }, urls), LI);
    assert.equal(authorUrl({ name: 'Aurojit Panda' }, urls), PANDA);
  });
  it('keeps an author\'s own url', () => {
    assert.equal(authorUrl({ name: 'Jinyang Li', url: 'https://jinyang.example.org/' }, urls),
      'https://jinyang.example.org/');
  });
  it('links no one else: other names, parts of names, co-authors without a url', () => {
    assert.equal(authorUrl({ name: 'Jinyang' }, urls), '');
    assert.equal(authorUrl({ name: 'Jinyang Lin' }, urls), '');
    assert.equal(authorUrl({ name: 'No Homepage' }, urls), '');
    assert.equal(authorUrl({ name: 'N. H.' }, urls), '');
    assert.equal(authorUrl({}, urls), '');
  });
  it('takes the first co-author of a name', () => {
    assert.equal(urls.get('j. li'), LI);
  });
  it('survives missing or odd data', () => {
    assert.equal(coauthorUrls(undefined).size, 0);
    assert.equal(coauthorUrls([null, 'x', { name: 7, url: 'https://x.org/' }]).size, 0);
    assert.equal(authorUrl({ name: 'Jinyang Li' }, coauthorUrls(null)), '');
  });
});
