// web/build.mjs: the web root it makes (run for real, twice, from two
// directories, into fresh temporary directories).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const build = fileURLToPath(new URL('../../../web/build.mjs', import.meta.url));
const list = (dir) => fs.readdirSync(dir, { recursive: true }).map(String).sort();
// The name of the one file in `names` that `re` matches: hashed names sort in
// no set order, so the app's files are found by their pattern.
const theOne = (names, re) => {
  const found = names.filter((n) => re.test(n));
  assert.equal(found.length, 1, `${re} in ${names}`);
  return found[0];
};

describe('web build', () => {
  let tmp;
  let a;
  let b;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vita-web-build-'));
    a = path.join(tmp, 'a');
    b = path.join(tmp, 'b');
    // An old layout's leftovers, which the build replaces.
    fs.mkdirSync(path.join(a, 'vendor', 'markdown-it'), { recursive: true });
    fs.mkdirSync(path.join(a, 'app'));
    fs.writeFileSync(path.join(a, 'app', 'app.js'), 'old');
    execFileSync(process.execPath, [build, a], { cwd: path.dirname(build), stdio: 'pipe' });
    execFileSync(process.execPath, [build, 'b'], { cwd: tmp, stdio: 'pipe' });
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('writes index.html, content-hashed app files and the assets, nothing of the old layout', () => {
    const files = list(a);
    const app = files.filter((f) => f.startsWith('app/'));
    assert.deepEqual(app.map((f) => f.replace(/\.[A-Z0-9]{8}\./, '.HASH.')).sort(),
      ['app/app.HASH.css', 'app/app.HASH.js', 'app/markdown.HASH.js'], String(app));
    assert.deepEqual(files.filter((f) => !/^(app|assets|br|gz)\//.test(f)),
      ['app', 'assets', 'br', 'gz', 'index.html']);
    assert.ok(files.includes('assets/favicon.svg') && files.includes('assets/demo/photo.svg'));
  });

  it('precompresses every text file of app/ and assets/ with brotli and gzip, at the same path', () => {
    const texts = list(a).filter((f) => /^(app|assets)\/.*\.(js|css|svg)$/.test(f));
    assert.ok(texts.length >= 5, String(texts));
    const decode = { br: zlib.brotliDecompressSync, gz: zlib.gunzipSync };
    for (const f of texts) {
      const plain = fs.readFileSync(path.join(a, f));
      for (const [dir, inflate] of Object.entries(decode)) {
        const variant = fs.readFileSync(path.join(a, dir, f));
        assert.ok(inflate(variant).equals(plain), `${dir}/${f} is ${f} compressed`);
        if (plain.length > 1000) assert.ok(variant.length < plain.length / 2, `${dir}/${f}: ${variant.length} bytes`);
      }
    }
    // Nothing else is in the variant trees.
    for (const dir of Object.keys(decode)) {
      assert.deepEqual(list(path.join(a, dir)).filter((f) => /\./.test(f)).map((f) => f.replace(/\\/g, '/')),
        texts.slice().sort(), dir);
    }
  });

  it('names the same files, with the same bytes, wherever it is started', () => {
    assert.deepEqual(list(b), list(a));
    for (const f of list(a).filter((x) => fs.statSync(path.join(a, x)).isFile())) {
      assert.ok(fs.readFileSync(path.join(a, f)).equals(fs.readFileSync(path.join(b, f))), f);
    }
  });

  it('links the script and style sheet from index.html, the icons in the script, no icon font or CSS', () => {
    const html = fs.readFileSync(path.join(a, 'index.html'), 'utf8');
    const names = list(path.join(a, 'app'));
    const css = theOne(names, /^app\.[A-Z0-9]{8}\.css$/);
    const js = theOne(names, /^app\.[A-Z0-9]{8}\.js$/);
    const md = theOne(names, /^markdown\.[A-Z0-9]{8}\.js$/);
    assert.ok(html.includes(`<link rel="stylesheet" href="/app/${css}">`));
    assert.ok(html.includes(`<script src="/app/${js}"></script>`));
    assert.ok(!html.includes(md), 'markdown-it is not loaded by index.html');
    const script = fs.readFileSync(path.join(a, 'app', js), 'utf8');
    assert.ok(script.includes(`"/app/${md}"`), 'the script imports the markdown chunk by its hashed name');
    // markdown-it is only in its chunk (its error message for an unknown preset).
    assert.match(fs.readFileSync(path.join(a, 'app', md), 'utf8'), /Wrong `markdown-it` preset/);
    assert.doesNotMatch(script, /markdown-it/);
    const sent = fs.readFileSync(path.join(a, 'br', 'app', js)).length;
    assert.ok(sent < 13500, `the page's script, as sent (brotli): ${sent} bytes`);
    assert.doesNotMatch(html, /<symbol/, 'the icons come with the script, not in every document');
    assert.deepEqual([...script.matchAll(/\{id:"([^"]+)",width:\d+,paths:\["M/g)].map((m) => m[1]), ['ai-arxiv', 'ai-cv',
      'ai-dblp', 'ai-doi', 'ai-google-scholar', 'ai-orcid', 'fa-building', 'fa-envelope', 'fa-file-pdf',
      'fa-github', 'fa-house', 'fa-image', 'fa-inbox', 'fa-link', 'fa-linkedin', 'fa-moon',
      'fa-person-chalkboard', 'fa-video', 'fa-x-twitter', 'fa-zhihu']);
    assert.doesNotMatch(html, /@@|vendor|fontawesome|academicons|markdown-it|<i /);
    assert.doesNotMatch(fs.readFileSync(path.join(a, 'app', css), 'utf8'), /@font-face|\.fa-|\.ai-/);
    assert.ok(html.length < 4000, `index.html: ${html.length} bytes`);
    // Sent in every profile's document: no comments but the server's markers.
    assert.deepEqual(html.match(/<!--[\s\S]*?-->/g), ['<!-- vita:head -->', '<!-- vita:data -->']);
    assert.doesNotMatch(html, /\n[ \t]/, 'no indentation');
  });
});
