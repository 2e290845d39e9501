#!/usr/bin/env node
// Builds the static web root Envoy serves, from web/src with esbuild:
//   index.html             the page, with its code and style sheet inline:
//                          the code (src/main.js) minified, with the icons it
//                          uses as SVG <symbol>s that it puts into the page
//                          (src/icon-symbols.js); the style sheet
//                          (src/style.css) minified
//   inline-hashes.txt      "script-src 'sha256-…'" and "style-src 'sha256-…'":
//                          the hashes of those two, which the page's
//                          Content-Security-Policy allows (deploy/envoy.yaml)
//   app/markdown.<hash>.js markdown-it in safe mode (src/markdown.js), imported
//                          by the page only when the HTML carries no rendered
//                          Markdown
//   assets/                favicon and the demo pictures, as they are
//   br/, gz/               every text file of app/ and assets/ precompressed
//                          (brotli quality 11, gzip level 9) at the same
//                          relative path: the gateway sends these as they
//                          are to clients that accept the encoding, so no
//                          request pays for compressing (deploy/envoy.yaml)
// Icons come from @fortawesome/fontawesome-free/svgs/ and Academicons' SVG
// font (parsed with fast-xml-parser); exactly those of src/icons.js, their
// paths rounded to whole font units with svgpath.
//
// Usage: node web/build.mjs OUT_DIR
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import zlib from 'node:zlib';
import crypto from 'node:crypto';
import * as esbuild from 'esbuild';
import { XMLParser } from 'fast-xml-parser';
import svgpath from 'svgpath';
import { usedIcons } from './src/icons.js';

const web = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(web, 'package.json'));
const out = process.argv[2] && path.resolve(process.argv[2]);
if (!out || process.argv.length !== 3) {
  console.error('usage: node web/build.mjs OUT_DIR');
  process.exit(2);
}

/**
 * Where each icon comes from: a Font Awesome SVG file
 * (@fortawesome/fontawesome-free/svgs/<style>/<name>.svg) or a glyph of the
 * Academicons SVG font (academicons/fonts/academicons.svg).
 */
const ICON_SOURCES = {
  'fa-envelope': 'fa:solid/envelope',
  'fa-github': 'fa:brands/github',
  'fa-linkedin': 'fa:brands/linkedin',
  'fa-zhihu': 'fa:brands/zhihu',
  'fa-x-twitter': 'fa:brands/x-twitter',
  'fa-house': 'fa:solid/house',
  'fa-link': 'fa:solid/link',
  'fa-file-pdf': 'fa:solid/file-pdf',
  'fa-video': 'fa:solid/video',
  'fa-person-chalkboard': 'fa:solid/person-chalkboard',
  'fa-image': 'fa:solid/image',
  'fa-building': 'fa:solid/building',
  'fa-inbox': 'fa:solid/inbox',
  'fa-moon': 'fa:solid/moon',
  'ai-cv': 'ai:cv',
  'ai-google-scholar': 'ai:google-scholar',
  'ai-dblp': 'ai:dblp',
  'ai-orcid': 'ai:orcid',
  'ai-arxiv': 'ai:arxiv',
  'ai-doi': 'ai:doi',
};

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (n) => n === 'path' || n === 'glyph' });

// One symbol per icon, in a 512-unit em (ascent 448, descent 64) as both
// icon fonts: { id, width, paths }, where width is the glyph's advance width
// (the symbol's viewBox is width by 512) and paths the "d" of each <path>.
// Path coordinates are rounded to whole units (1/512 em: at the page's
// largest icons, 2em, about a 16th of a pixel) with svgpath, which carries
// the rounding error of relative commands forward.
function symbols() {
  const faDir = path.dirname(require.resolve('@fortawesome/fontawesome-free/package.json'));
  const aiFont = parser.parse(fs.readFileSync(
    path.join(path.dirname(require.resolve('academicons/package.json')), 'fonts', 'academicons.svg'), 'utf8'));
  const font = aiFont.svg.defs.font;
  const face = font['font-face'];
  if (face['units-per-em'] !== '512' || face.ascent !== '448') {
    throw new Error(`academicons: unexpected font metrics ${JSON.stringify(face)}`);
  }
  const glyphs = new Map(font.glyph.map((g) => [g['glyph-name'], g]));
  return usedIcons().map((id) => {
    const source = ICON_SOURCES[id];
    if (!source) throw new Error(`icon ${id}: no source in ICON_SOURCES of web/build.mjs`);
    const [set, name] = source.split(':');
    if (set === 'fa') {
      const svg = parser.parse(fs.readFileSync(path.join(faDir, 'svgs', `${name}.svg`), 'utf8')).svg;
      const [, , w, h] = svg.viewBox.split(' ').map(Number);
      if (h !== 512) throw new Error(`${name}: viewBox height ${h}, not 512`);
      return { id, width: w, paths: svg.path.map((p) => svgpath(p.d).round(0).toString()) };
    }
    const g = glyphs.get(name);
    if (!g || !g.d) throw new Error(`academicons: no glyph "${name}"`);
    const w = Number(g['horiz-adv-x'] || font['horiz-adv-x']);
    // Font coordinates grow upwards from the baseline; SVG's downwards from the top.
    return { id, width: w, paths: [svgpath(g.d).matrix([1, 0, 0, -1, 0, 448]).round(0).toString()] };
  });
}

/**
 * The precompressed variants, by the directory they go to (also the
 * Content-Encoding they are sent with). Must match the routes of
 * deploy/envoy.yaml that serve them.
 */
const ENCODERS = {
  br: (bytes) => zlib.brotliCompressSync(bytes, { params: {
    [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
    [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }),
  gz: (bytes) => zlib.gzipSync(bytes, { level: zlib.constants.Z_BEST_COMPRESSION }),
};
/** The text files that get variants; the gateway's routes list the same. */
const COMPRESSIBLE = /\.(?:js|css|svg|json|txt|html)$/;

/**
 * Writes ROOT/<enc>/<dir>/<file> for every compressible file below
 * ROOT/<dir>, for each encoding of ENCODERS: the same relative path, so the
 * gateway maps a URL prefix to a variant's prefix.
 */
function precompress(root, dirs) {
  for (const dir of dirs) {
    for (const rel of fs.readdirSync(path.join(root, dir), { recursive: true })) {
      const file = path.join(root, dir, rel);
      if (!COMPRESSIBLE.test(rel) || !fs.statSync(file).isFile()) continue;
      const bytes = fs.readFileSync(file);
      for (const [enc, encode] of Object.entries(ENCODERS)) {
        const target = path.join(root, enc, dir, rel);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, encode(bytes));
      }
    }
  }
}

const tmp = fs.mkdtempSync(path.join(fs.mkdirSync(out, { recursive: true }) || out, '.build.'));
try {
  // absWorkingDir: the hashes do not depend on where the build is started.
  const common = { absWorkingDir: web, bundle: true, minify: true, write: true, outdir: path.join(tmp, 'app'),
    metafile: true, legalComments: 'none', target: ['chrome100', 'firefox100', 'safari15'], logLevel: 'warning' };
  const name = (result) => path.basename(Object.keys(result.metafile.outputs)[0]);
  const md = await esbuild.build({ ...common, entryPoints: { markdown: path.join(web, 'src', 'markdown.js') },
    format: 'esm', entryNames: '[name].[hash]' });
  const mdFile = name(md);
  const icons = symbols();
  const app = await esbuild.build({ ...common, entryPoints: { app: path.join(web, 'src', 'main.js') },
    format: 'iife', entryNames: '[name].[hash]', external: ['/app/*'],
    define: { VITA_MARKDOWN_CHUNK: JSON.stringify(`/app/${mdFile}`),
      VITA_ICON_SYMBOLS: JSON.stringify(icons) } });
  const css = await esbuild.build({ ...common, entryPoints: { app: path.join(web, 'src', 'style.css') },
    entryNames: '[name].[hash]' });
  const widthOf = (id) => icons.find((i) => i.id === id).width;
  let html = fs.readFileSync(path.join(web, 'index.html'), 'utf8');
  const replace = (from, to) => {
    if (!html.includes(from)) throw new Error(`index.html has no ${from}`);
    html = html.split(from).join(to);
  };
  html = html.replace(/<!-- @@ICON ([a-z0-9-]+)@@ -->/g, (m, id) =>
    `<svg class="icon" aria-hidden="true" focusable="false" width="${Math.round(widthOf(id) / 512 * 1000) / 1000}em" ` +
    `height="1em"><use href="#${id}"></use></svg>`);
  // Every profile's document is this template with its data: its own
  // comments and indentation would be sent each time. The server's markers
  // (<!-- vita:head -->, <!-- vita:data -->) stay; the template has no <pre>
  // or <textarea> whose text the whitespace belongs to.
  if (/<(pre|textarea)\b/i.test(html)) throw new Error('index.html: <pre>/<textarea> would lose its whitespace');
  html = html.replace(/<!--(?! vita:)[\s\S]*?-->\n?/g, '').replace(/\n\s+/g, '\n');
  // The code and the style sheet go into the document itself: the browser
  // renders from the first response, with no request in between (the
  // Content-Security-Policy allows exactly these bytes by their hashes,
  // inline-hashes.txt). After the template's own whitespace went: their
  // bytes stay exactly as built.
  // Refused inside them: what would end the element early, what vita-server
  // looks for in the template as it fills it in (its markers, <title>,
  // <meta>, <link>, <script>: page_document.cc, paper_page.cc), any comment,
  // and a carriage return (the HTML parser turns CR LF into LF, and the
  // hash would no longer match).
  const inline = (file, closing) => {
    const text = fs.readFileSync(path.join(tmp, 'app', file), 'utf8').replace(/\n$/, '');
    for (const bad of [closing, '<!--', '<title', '<meta', '<link', '<script', '\r']) {
      if (text.toLowerCase().includes(bad)) throw new Error(`${file} contains ${JSON.stringify(bad)}`);
    }
    return { text, hash: `'sha256-${crypto.createHash('sha256').update(text).digest('base64')}'` };
  };
  const js = inline(name(app), '</script');
  const style = inline(name(css), '</style');
  for (const file of [name(app), name(css)]) fs.rmSync(path.join(tmp, 'app', file));
  replace('<link rel="stylesheet" href="@@APP_CSS@@">', `<style>${style.text}</style>`);
  replace('<script src="@@APP_JS@@"></script>', `<script>${js.text}</script>`);
  fs.writeFileSync(path.join(tmp, 'inline-hashes.txt'), `script-src ${js.hash}\nstyle-src ${style.hash}\n`);
  fs.writeFileSync(path.join(tmp, 'index.html'), html);
  fs.cpSync(path.join(web, 'assets'), path.join(tmp, 'assets'), { recursive: true });
  precompress(tmp, ['app', 'assets']);

  // Swap the new tree in; the old layout's vendor/ (icon fonts, markdown-it) goes.
  for (const d of ['index.html', 'inline-hashes.txt', 'app', 'assets']) {
    if (!fs.existsSync(path.join(tmp, d))) throw new Error(`the build made no ${d}`);
  }
  for (const d of ['index.html', 'inline-hashes.txt', 'app', 'assets', ...Object.keys(ENCODERS), 'vendor']) {
    fs.rmSync(path.join(out, d), { recursive: true, force: true });
    if (d !== 'vendor') fs.renameSync(path.join(tmp, d), path.join(out, d));
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
