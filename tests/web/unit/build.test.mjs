// web/build.mjs: the web root it makes (run for real, twice, from two
// directories, into fresh temporary directories).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import crypto from 'node:crypto';
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

  it('writes index.html, its inline hashes, the content-hashed Markdown chunk and the assets, nothing of the old layout', () => {
    const files = list(a);
    const app = files.filter((f) => f.startsWith('app/'));
    assert.deepEqual(app.map((f) => f.replace(/\.[A-Z0-9]{8}\./, '.HASH.')).sort(),
      ['app/markdown.HASH.js'], String(app));
    assert.deepEqual(files.filter((f) => !/^(app|assets|br|gz)\//.test(f)),
      ['app', 'assets', 'br', 'gz', 'index.html', 'inline-hashes.txt']);
    assert.ok(files.includes('assets/favicon.svg') && files.includes('assets/demo/photo.svg'));
  });

  it('precompresses every text file of app/ and assets/ with brotli and gzip, at the same path', () => {
    const texts = list(a).filter((f) => /^(app|assets)\/.*\.(js|css|svg)$/.test(f));
    assert.ok(texts.length >= 4, String(texts));
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

  it('puts the script and style sheet into index.html, allowed by the hashes in inline-hashes.txt; the icons in the script, no icon font or CSS', () => {
    const html = fs.readFileSync(path.join(a, 'index.html'), 'utf8');
    const md = theOne(list(path.join(a, 'app')), /^markdown\.[A-Z0-9]{8}\.js$/);
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]);
    assert.equal(scripts.length, 1, 'one inline script');
    assert.equal(styles.length, 1, 'one inline style sheet');
    assert.doesNotMatch(html, /<script src=|<link rel="stylesheet"/);
    const [script] = scripts;
    const [css] = styles;
    const hash = (text) => `'sha256-${crypto.createHash('sha256').update(text, 'utf8').digest('base64')}'`;
    assert.equal(fs.readFileSync(path.join(a, 'inline-hashes.txt'), 'utf8'),
      `script-src ${hash(script)}\nstyle-src ${hash(css)}\n`);
    assert.ok(html.indexOf('<style>') < html.indexOf('</head>'), 'the style sheet is in the head');
    assert.ok(html.indexOf('<script>') > html.indexOf('</footer>'), 'the script is last in the body');
    assert.ok(!html.includes(`<script src="/app/${md}"`), 'markdown-it is not loaded by index.html');
    assert.ok(script.includes(`"/app/${md}"`), 'the script imports the markdown chunk by its hashed name');
    // markdown-it is only in its chunk (its error message for an unknown preset).
    assert.match(fs.readFileSync(path.join(a, 'app', md), 'utf8'), /Wrong `markdown-it` preset/);
    assert.doesNotMatch(script, /markdown-it/);
    const sent = zlib.brotliCompressSync(html).length;
    assert.ok(sent < 16500, `index.html with its script and style sheet, as sent (brotli 11): ${sent} bytes`);
    assert.doesNotMatch(html.replace(script, ''), /<symbol/, 'the icons come with the script, not as markup');
    assert.deepEqual([...script.matchAll(/\{id:"([^"]+)",width:\d+,paths:\["M/g)].map((m) => m[1]), ['ai-arxiv', 'ai-cv',
      'ai-dblp', 'ai-doi', 'ai-google-scholar', 'ai-orcid', 'fa-building', 'fa-envelope', 'fa-file-pdf',
      'fa-github', 'fa-house', 'fa-image', 'fa-inbox', 'fa-link', 'fa-linkedin', 'fa-moon',
      'fa-person-chalkboard', 'fa-video', 'fa-x-twitter', 'fa-zhihu']);
    assert.doesNotMatch(css, /@font-face|\.fa-|\.ai-/);
    const markup = html.replace(script, '').replace(css, '');
    assert.doesNotMatch(markup, /@@|vendor|fontawesome|academicons|markdown-it|<i /);
    assert.ok(markup.length < 4000, `index.html without its script and style sheet: ${markup.length} bytes`);
    // Sent in every profile's document: no comments but the server's markers.
    assert.deepEqual(markup.match(/<!--[\s\S]*?-->/g), ['<!-- vita:head -->', '<!-- vita:data -->']);
    assert.doesNotMatch(markup, /\n[ \t]/, 'no indentation');
  });
});
