// web/src/safe-url.js: which URLs become links and pictures.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isExternal, safeHref, safeImageSrc } from '../../../web/src/safe-url.js';

describe('safeHref', () => {
  // Each row: a URL as the data holds it, and the href it becomes.
  it('keeps http, https and mailto URLs, normalised', () => {
    for (const [url, href] of [
      ['https://example.org', 'https://example.org/'],
      ['  http://Example.ORG/a b', null],
      [' http://Example.ORG/a ', 'http://example.org/a'],
      ['mailto:hz3496@nyu.edu', 'mailto:hz3496@nyu.edu'],
      ['https://example.org/"onmouseover="x', 'https://example.org/%22onmouseover=%22x'],
    ]) {
      assert.equal(safeHref(url), href, url);
    }
  });
  it('keeps paths on this origin, not protocol-relative ones', () => {
    for (const [url, href] of [
      ['/p/hexu-zhao', '/p/hexu-zhao'],
      ['//203.0.113.1/x', null],
      ['/\\203.0.113.1/x', null],
    ]) {
      assert.equal(safeHref(url), href, url);
    }
  });
  it('refuses every other scheme, relative URLs, control characters and non-strings', () => {
    for (const bad of ['javascript:alert(1)', 'JaVaScRiPt:x', 'data:text/html,x', 'vbscript:x',
      'java\tscript:x', 'ftp://example.org/', 'file:///etc/passwd', 'example.org', '#top', '',
      'https://exa\u0000mple.org', null, undefined, 42, {}]) {
      assert.equal(safeHref(bad), null, String(bad));
    }
  });
});

describe('safeImageSrc', () => {
  const origin = 'http://127.0.0.1:8080';
  it('loads pictures from this origin only', () => {
    assert.equal(safeImageSrc('/assets/demo/photo.svg', origin), '/assets/demo/photo.svg');
    assert.equal(safeImageSrc('http://127.0.0.1:8080/assets/x.png?v=2', origin), '/assets/x.png?v=2');
    assert.equal(safeImageSrc('http://203.0.113.1/logo.png', origin), null);
    assert.equal(safeImageSrc('http://127.0.0.1:8081/assets/x.png', origin), null);
    assert.equal(safeImageSrc('//203.0.113.1/x.png', origin), null);
    assert.equal(safeImageSrc('data:image/png;base64,AAAA', origin), null);
    assert.equal(safeImageSrc('assets/x.png', origin), null);
  });
});

describe('isExternal', () => {
  it('marks links that leave the site (they get rel="noopener noreferrer")', () => {
    assert.equal(isExternal('https://example.org/'), true);
    assert.equal(isExternal('/p/x'), false);
    assert.equal(isExternal('mailto:a@example.org'), false);
  });
});
