// web/src/pub-links.js: stored links, then links derived from the DOI and
// the arXiv id.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { arxivUrl, doiUrl, publicationLinks } from '../../../web/src/pub-links.js';
import { safeHref } from '../../../web/src/safe-url.js';

describe('publicationLinks', () => {
  it('adds a DOI and an arXiv link after the stored ones', () => {
    assert.deepEqual(publicationLinks({
      doi: '10.1145/3620666.3651380', arxivId: '2406.18533',
      links: [{ kind: 'CODE', url: 'https://github.com/x/y' }, { url: 'https://example.org', label: 'Blog' }],
    }), [
      { kind: 'CODE', url: 'https://github.com/x/y', label: '' },
      { kind: 'OTHER', url: 'https://example.org', label: 'Blog' },
      { kind: 'DOI', url: 'https://doi.org/10.1145/3620666.3651380', label: '' },
      { kind: 'ARXIV', url: 'https://arxiv.org/abs/2406.18533', label: '' },
    ]);
  });
  it('adds none where a stored link of that kind exists', () => {
    const stored = [{ kind: 'ARXIV', url: 'https://arxiv.org/pdf/2406.18533.pdf' },
      { kind: 'DOI', url: 'https://dl.acm.org/doi/10.1145/1' }];
    assert.deepEqual(publicationLinks({ doi: '10.1145/1', arxivId: '2406.18533', links: stored })
      .map((l) => l.url), ['https://arxiv.org/pdf/2406.18533.pdf', 'https://dl.acm.org/doi/10.1145/1']);
    assert.deepEqual(publicationLinks({ arxivId: '2406.18533', links: [stored[1]] }).map((l) => l.url),
      ['https://dl.acm.org/doi/10.1145/1', 'https://arxiv.org/abs/2406.18533']);
  });
  it('adds nothing without identifiers', () => {
    assert.deepEqual(publicationLinks({}), []);
    assert.deepEqual(publicationLinks({ doi: '  ', arxivId: '', links: 'x' }), []);
  });
});

describe('identifier URLs', () => {
  it('keep old-style arXiv ids and the slash of a DOI', () => {
    assert.equal(arxivUrl('hep-th/9901001'), 'https://arxiv.org/abs/hep-th/9901001');
    assert.equal(doiUrl('10.1000/182'), 'https://doi.org/10.1000/182');
  });
  it('percent-encode what would end the path or break out of an attribute', () => {
    const doi = '10.1002/(SICI)1097-4636(199706)35:4<493::AID-JBM11>3.0.CO;2-3';
    assert.equal(doiUrl(doi),
      'https://doi.org/10.1002/(SICI)1097-4636(199706)35%3A4%3C493%3A%3AAID-JBM11%3E3.0.CO%3B2-3');
    assert.equal(doiUrl('10.1/x?y#z"><svg onload=x>'),
      'https://doi.org/10.1/x%3Fy%23z%22%3E%3Csvg%20onload%3Dx%3E');
    assert.equal(arxivUrl('javascript:alert(1)'), 'https://arxiv.org/abs/javascript%3Aalert(1)');
    for (const u of [doiUrl(doi), arxivUrl('1234.5678 "x"')]) assert.equal(safeHref(u), u);
  });
});
