// web/src/markdown.js: markdown-it in safe mode (the page's fallback when
// the HTML carries no server rendering).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderMarkdown } from '../../../web/src/markdown.js';

describe('markdown', () => {
  it('renders CommonMark, external links with rel="noopener noreferrer"', () => {
    assert.equal(renderMarkdown('I am at [NYU](https://cs.nyu.edu/) and *here*.'),
      '<p>I am at <a href="https://cs.nyu.edu/" rel="noopener noreferrer">NYU</a> and <em>here</em>.</p>\n');
    assert.equal(renderMarkdown('[me](/p/x) [mail](mailto:a@example.org)', true),
      '<a href="/p/x">me</a> <a href="mailto:a@example.org">mail</a>');
  });
  it('writes raw HTML as text', () => {
    assert.equal(renderMarkdown('<script>alert(1)</script> <b onclick="x()">b</b>', true),
      '&lt;script&gt;alert(1)&lt;/script&gt; &lt;b onclick=&quot;x()&quot;&gt;b&lt;/b&gt;');
  });
  it('does not link unsafe URLs, and shows no pictures', () => {
    assert.equal(renderMarkdown('[x](javascript:alert(1)) [y](data:text/html,z) [z](//h/x)', true),
      '[x](javascript:alert(1)) [y](data:text/html,z) [z](//h/x)');
    assert.equal(renderMarkdown('![remote](/assets/x.png)', true),
      '!<a href="/assets/x.png">remote</a>');
  });
});
