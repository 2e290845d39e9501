// The homepage in a real browser (Debian's Chromium via playwright-core),
// served by a real Envoy in front of a real vita-server seeded with
// deploy/demo/hexu-zhao.json.
//
// Expectations are literal: the exact texts, links and order the page must
// show for the demo data, written out here by hand (or taken from the
// reference page, ../shared/reference/homepage.md). Nothing here formats
// dates, names or venues the way web/src does (its pure modules have unit
// tests of their own in tests/web/unit/).
'use strict';

const { describe, it, before, after, afterEach } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const S = require('../support/web');

// ------------------------------------------------------------ the demo page

const CV_URL = 'https://tarzanzhao.github.io/assets/CV-Hexu%20Zhao_20241103';
const DEMO = {
  name: 'Hexu Zhao',
  title: 'Hexu Zhao \u2013 Ph.D. student of Computer Science, New York University Courant Institute',
  photo: { src: '/assets/demo/photo.svg', alt: 'Portrait of Hexu Zhao (demo stand-in: a monogram "HZ")' },
  office: { text: '424, 60 5th Ave, New York, NY 10011', href: 'https://maps.app.goo.gl/N7m2fM5EbM3TToB79' },
  email: { text: 'hz3496 [at] nyu [dot] edu', href: 'mailto:hz3496@nyu.edu' },
  links: [
    { kind: 'CV', href: CV_URL, label: 'CV', icon: '#ai-cv' },
    { kind: 'EMAIL', href: 'mailto:hz3496@nyu.edu', label: 'E-mail', icon: '#fa-envelope' },
    { kind: 'GOOGLE_SCHOLAR', href: 'https://scholar.google.com/citations?hl=en&user=ylKFMAkAAAAJ',
      label: 'Google Scholar', icon: '#ai-google-scholar' },
    { kind: 'DBLP', href: 'https://dblp.org/pid/293/9714.html', label: 'DBLP', icon: '#ai-dblp' },
    { kind: 'GITHUB', href: 'https://github.com/TarzanZhao', label: 'GitHub', icon: '#fa-github' },
    { kind: 'LINKEDIN', href: 'https://www.linkedin.com/in/hexu-zhao-203304244/', label: 'LinkedIn',
      icon: '#fa-linkedin' },
    { kind: 'ZHIHU', href: 'https://www.zhihu.com/people/zhao-he-xu-61', label: 'Zhihu',
      icon: '#fa-zhihu' },
  ],
  bio: 'I am a Ph.D. student of Computer Science at NYU Courant, advised by Prof. Jinyang Li and ' +
    'Prof. Aurojit Panda. My research interest is in machine learning systems, with a current ' +
    'focus on distributed machine learning. Recently, I have been building the Grendel-GS system ' +
    'for the emerging and promising neural rendering method: 3D Gaussian Splatting. Previously, I ' +
    'obtained my bachelor\u2019s degree in 2023 from Honored Yao Class, Tsinghua University. I was a ' +
    'Research Assistant at MBZUAI advised by Prof. Eric Xing and Prof. Hao Zhang in Spring 2022. ' +
    'Before that I was advised by Prof. Yang Yuan in Tsinghua on various AI+healthcare topics.',
  bioLinks: [
    'https://cs.nyu.edu/home/index.html',
    'https://www.news.cs.nyu.edu/~jinyang/',
    'https://cs.nyu.edu/~apanda/',
    'https://github.com/nyu-systems/Grendel-GS',
    'http://www.cs.cmu.edu/~epxing/',
    'https://cseweb.ucsd.edu/~haozhang/',
    'http://people.iiis.tsinghua.edu.cn/~yuanyang/en.html',
  ],
  // The first 297 characters of the bio and an ellipsis.
  description: 'I am a Ph.D. student of Computer Science at NYU Courant, advised by Prof. Jinyang Li ' +
    'and Prof. Aurojit Panda. My research interest is in machine learning systems, with a current ' +
    'focus on distributed machine learning. Recently, I have been building the Grendel-GS system ' +
    'for the emerging and promis\u2026',
  news: ['[03/2024] I will join Microsoft DeepSpeed Team as a Research Scientist Intern in 2024 ' +
    'Summer. See you in Seattle!'],
  education: [
    { title: 'New York University Courant Institute', dates: 'Sept. 2023 \u2013 Present',
      role: 'Ph.D. in Computer Science, advised by Prof. Jinyang Li and Prof. Aurojit Panda',
      advisorLinks: [['Jinyang Li', 'https://www.news.cs.nyu.edu/~jinyang/'],
        ['Aurojit Panda', 'https://cs.nyu.edu/~apanda/']],
      logo: ['/assets/demo/nyu.svg', 'New York University logo (demo stand-in)'], notes: null },
    { title: 'Tsinghua University', dates: 'Sept. 2019 \u2013 June 2023',
      role: 'B.Eng. in Computer Science (Honored Yao Class)', advisorLinks: [],
      logo: ['/assets/demo/tsinghua.svg', 'Tsinghua University logo (demo stand-in)'],
      notes: 'Honored Yao Class' },
  ],
  experience: [
    { title: 'Microsoft DeepSpeed', dates: 'May 2024 \u2013 Aug. 2024', role: 'Research Scientist Intern',
      advisorLinks: [], logo: ['/assets/demo/microsoft.svg', 'Microsoft logo (demo stand-in)'],
      notes: null },
  ],
  publications: [
    { title: 'On Scaling Up 3D Gaussian Splatting Training',
      authors: 'Hexu Zhao, *Haoyang Weng, *Daohan Lu, Ang Li, Jinyang Li, Aurojit Panda, Saining Xie',
      owners: ['Hexu Zhao'], venue: 'Under Submission to ICLR2025',
      links: [
        ['ARXIV', 'https://arxiv.org/abs/2406.18533', 'arXiv', '#ai-arxiv'],
        ['CODE', 'https://github.com/nyu-systems/Grendel-GS', 'Code', '#fa-github'],
        ['PROJECT_PAGE', 'https://daohanlu.github.io/scaling-up-3dgs/', 'Project Page',
          '#fa-link'],
      ] },
    { title: 'On Optimizing the Communication of Model Parallelism',
      authors: '*Yonghao Zhuang, *Hexu Zhao, Lianmin Zheng, Zhuohan Li, Eric P. Xing, Qirong Ho, ' +
        'Joseph E. Gonzalez, Ion Stoica, Hao Zhang',
      owners: ['*Hexu Zhao'], venue: 'MLSys2023',
      links: [['ARXIV', 'https://arxiv.org/pdf/2211.05322.pdf', 'arXiv', '#ai-arxiv']] },
    { title: 'Fully Hyperbolic Neural Networks',
      authors: 'Weize Chen, Xu Han, Yankai Lin, Hexu Zhao, Zhiyuan Liu, Peng Li, Maosong Sun, Jie Zhou',
      owners: ['Hexu Zhao'], venue: 'ACL2022',
      links: [['ARXIV', 'https://arxiv.org/pdf/2105.14686.pdf', 'arXiv', '#ai-arxiv']] },
    { title: 'Development of a Doctor-in-the-loop Interpretation Framework for Insulin Titration ' +
        'in Diabetes: a Proof-of-concept Study',
      authors: '*Haowei He, *Zhen Ying, Biao Li, Yujuan Fan, Ping Wang, Jiaping Lu, Liming Wu, ' +
        'Hexu Zhao, Xiaoying Li, Yang Yuan, Ying Chen',
      owners: ['Hexu Zhao'], venue: 'Under Submission to The Lancet Diabetes & Endocrinology Journal',
      links: [['GOOGLE_SCHOLAR', 'https://scholar.google.com/citations?view_op=view_citation&hl=en' +
        '&user=ylKFMAkAAAAJ&citation_for_view=ylKFMAkAAAAJ:d1gkVwhDpl0C', 'Scholar',
      '#ai-google-scholar']] },
  ],
};

// The <head> of every rendered page: index.html's elements in order, then
// the JSON-LD block the page adds. Anything injected into the head shows here.
// The page's style sheet is inline (web/build.mjs).
const HEAD = [
  'META[charset]', 'META[name=viewport]', 'META[name=color-scheme]', 'TITLE',
  'META[name=description]', 'META[property=og:type]', 'META[property=og:title]',
  'META[property=og:description]', 'META[property=og:url]', 'META[property=og:image]',
  'LINK[rel=icon]', 'STYLE',
];
// The page's script, inline and the last element of the body (index.html),
// as inspectDocument names an inline script: its length and first bytes.
const inlineScript = (text) => `inline:${text.length}:${text.slice(0, 32)}`;
S.ensureWebRoot();
const APP_SCRIPT = inlineScript(/<script>([\s\S]*?)<\/script>/
  .exec(fs.readFileSync(path.join(S.WEB_ROOT, 'index.html'), 'utf8'))[1]);
const HEAD_WITH_PERSON = [...HEAD, 'SCRIPT[type=application/ld+json]'];

// The first 14 stops of the Tab key on the demo page: skip link, top bar,
// then the header's links (office map: a plain <a>), then the bio's links.
const DEMO_FOCUS_ORDER = ['skip-link', 'brand', 'theme-toggle', 'A', 'email',
  'icon-link', 'icon-link', 'icon-link', 'icon-link', 'icon-link', 'icon-link', 'icon-link',
  'A', 'A'];

const WHITE = 'rgb(255, 255, 255)';
const DARK_BG = 'rgb(30, 33, 41)'; // --bg of the dark scheme, #1e2129

// ------------------------------------------------------------ hostile data

// A text that becomes markup if the page ever treats it as HTML: it closes a
// <script> element (the JSON-LD block), opens a script, a broken picture and
// an SVG, and breaks out of a double- and a single-quoted attribute. Every
// element it would create carries data-xss=<tag>; every handler calls
// xssHit(<tag>), which the test defines in the page before it loads.
const xss = (tag) => `</script><script data-xss=${tag}>xssHit('${tag}')</script>` +
  `<img src=x data-xss=${tag} onerror=xssHit('${tag}')>"><svg data-xss=${tag} ` +
  `onload=xssHit('${tag}')>'>`;
const XSS_HONORIFIC = "<svg onload=xssHit('hon')>"; // honorifics are at most 30 characters
const XSS_EMAIL = "x'onmouseover=xssHit('em')'@example.org"; // no space, <, > or " in an address
const XSS_BLOCK = '<div data-xss=block onclick=xssHit(\'block\')>block</div>';
const XSS = {
  name: xss('name'),
  headline: '<!--' + xss('headline'),
  affiliation: xss('affiliation'),
  variant: xss('variant'),
  interest: xss('interest'),
  office: xss('office'),
  mapUrl: 'https://example.org/map?"><svg/data-xss=map/onload=xssHit(\'map\')>',
  linkUrl: 'https://example.org/\'><img/src=x/data-xss=link/onerror=xssHit(\'link\')>',
  linkLabel: xss('label'),
  mailUrl: 'mailto:x@example.org?subject="><svg/data-xss=mailto/onload=xssHit(\'mailto\')>',
  pathUrl: '/p/xss-test?"><svg/data-xss=path/onload=xssHit(\'path\')>',
  photoUrl: '/assets/demo/photo.svg?"><svg/data-xss=photo/onload=xssHit(\'photo\')>',
  alt: xss('alt'),
  bio: `${xss('bio')}\n\n[md link](https://example.org/"onmouseover="xssHit('mdlink'))\n\n${XSS_BLOCK}`,
  institution: xss('institution'),
  eduUrl: 'https://example.org/edu"><svg/data-xss=eduurl/onload=xssHit(\'eduurl\')>',
  degree: xss('degree'),
  notes: xss('notes'),
  advisor: xss('advisor'),
  advisorUrl: 'https://example.org/"onmouseover="xssHit(\'advisorurl\')',
  logoAlt: xss('logo'),
  organization: xss('organization'),
  role: xss('role'),
  // Pictures on another host: the server takes http(s) pictures, the page
  // loads pictures from its own origin only.
  expNotes: `${xss('expnotes')}\n\n![remote](http://203.0.113.1/x.png)`,
  foreignLogo: 'http://203.0.113.1/logo.png',
  news: `${xss('news')} [news link](https://example.org/'onclick='xssHit("newslink")')`,
  title: xss('title'),
  venue: xss('venue'),
  author1: xss('author1'),
  author2: xss('author2'),
  authorUrl: 'https://example.org/a\'onmouseover=\'xssHit("authorurl")\'',
  pubUrl: 'https://example.org/p.pdf#"><svg/data-xss=publink/onload=xssHit(\'publink\')>',
  pubLabel: xss('publabel'),
  venueShort: xss('vshort'),
  award: xss('award'),
  abstract: xss('abstract'),
  doi: '10.1002/x"><svg/data-xss=doi/onload=xssHit(\'doi\')>',
  title2: xss('title2'),
  coauthor: xss('coauthor'),
  coauthorUrl: 'https://example.org/c"><svg/data-xss=coauthorurl/onload=xssHit(\'coauthorurl\')>',
  query: xss('query'),
};

// Runs in the page: what a document holds that hostile data could have put
// there. `doc` is the live document, or the same document serialised and
// parsed again (as a crawler's snapshot or "Save page" would store it).
function inspectDocument() {
  const unhash = (u) => u.replace(/^(\/app\/[a-z]+)\.[A-Z0-9]{8}\.(js|css)$/, '$1.HASH.$2');
  // An inline script (no src, no type): its length and first bytes.
  const scriptOf = (e) => unhash(e.getAttribute('src') || e.type ||
    `inline:${e.text.length}:${e.text.slice(0, 32)}`);
  // The page's own SVG: the icon symbols (the body's first child) and icons
  // that only <use> one of them.
  const ownSvg = (e, doc) => (e.getAttribute('class') === 'icon-symbols' &&
      e === doc.body.firstElementChild) ||
    (e.getAttribute('class') === 'icon' && e.children.length === 1 &&
      e.firstElementChild.tagName === 'use' &&
      /^#(fa|ai)-[a-z-]+$/.test(e.firstElementChild.getAttribute('href')));
  function summary(doc) {
    const all = [...doc.querySelectorAll('*')];
    return {
      marked: [...doc.querySelectorAll('[data-xss]')].map((e) => e.outerHTML.slice(0, 60)),
      handlers: all.flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name))
        .map((a) => `${e.tagName}[${a.name}]`)),
      foreign: [...doc.querySelectorAll('svg, math, iframe, frame, object, embed, base, form, ' +
        'meta[http-equiv], img[src="x"]')].filter((e) => !(e.tagName === 'svg' && ownSvg(e, doc)))
        .map((e) => e.tagName),
      scripts: [...doc.querySelectorAll('script')].map(scriptOf),
      head: [...doc.head.children].map((e) => {
        const key = ['name', 'property', 'rel', 'src', 'type'].find((n) => e.hasAttribute(n));
        if (key) return `${e.tagName}[${key}=${unhash(e.getAttribute(key))}]`;
        return e.tagName + (e.hasAttribute('charset') ? '[charset]' : '');
      }),
      hrefs: [...doc.querySelectorAll('[href]')].map((e) => e.getAttribute('href')),
      srcs: [...doc.querySelectorAll('[src], [srcset]')]
        .map((e) => e.getAttribute('src') || e.getAttribute('srcset')),
      lastInBody: doc.body.lastElementChild && `${doc.body.lastElementChild.tagName}[src=${
        doc.body.lastElementChild.tagName === 'SCRIPT' ? scriptOf(doc.body.lastElementChild) : ''}]`,
      jsonld: doc.getElementById('person-jsonld') ? doc.getElementById('person-jsonld').textContent : null,
      title: doc.title,
    };
  }
  const html = '<!doctype html>' + document.documentElement.outerHTML;
  return {
    hits: window.__xss,
    live: summary(document),
    reparsed: summary(new DOMParser().parseFromString(html, 'text/html')),
  };
}

// Nothing hostile data could add is there, in the live document and in its
// serialised copy: no element of the payloads, no event-handler attribute,
// no SVG/iframe/form/base, only the page's own scripts and head elements, no
// link or picture outside http(s), mailto or this origin; and no handler ran.
function assertInert(result, where, head, origin, bodyScripts = []) {
  assert.equal(result.hits, undefined, `${where}: injected code ran`);
  for (const [which, doc] of [['live', result.live], ['serialised', result.reparsed]]) {
    const w = `${where} (${which} document)`;
    assert.deepEqual(doc.marked, [], `${w}: elements of the payload`);
    assert.deepEqual(doc.handlers, [], `${w}: event-handler attributes`);
    assert.deepEqual(doc.foreign, [], `${w}: svg, iframe, form, base ... elements`);
    assert.deepEqual(doc.head, head, `${w}: the head holds the page's own elements only`);
    assert.deepEqual(doc.scripts, head.filter((h) => h.startsWith('SCRIPT'))
      .map((h) => /^SCRIPT\[(?:src|type)=(.*)\]$/.exec(h)[1]).concat(bodyScripts, [APP_SCRIPT]),
    `${w}: only the page's own scripts`);
    assert.equal(doc.lastInBody, `SCRIPT[src=${APP_SCRIPT}]`, `${w}: the page's script ends the body`);
    for (const h of doc.hrefs) {
      assert.match(h, /^(https?:\/\/[^/]|mailto:|\/(?![/\\])|#main$|#(fa|ai)-[a-z-]+$)/i,
        `${w}: unsafe link ${h}`);
    }
    for (const src of doc.srcs) {
      assert.ok(src.startsWith('/') && !src.startsWith('//') || src.startsWith(origin + '/'),
        `${w}: picture or script from elsewhere: ${src}`);
    }
    if (doc.jsonld !== null) {
      assert.doesNotMatch(doc.jsonld, /<\/script|<!--/i,
        `${w}: the JSON-LD text could close its <script> element`);
    }
  }
  assert.equal(result.reparsed.jsonld, result.live.jsonld, `${where}: JSON-LD survives serialisation`);
}

describe('homepage in Chromium', () => {
  let server, gw, browser, origin;
  // Requests to other hosts and script errors of every tracked page; the last
  // test asserts that there were none.
  const foreignRequests = [];
  const pageErrors = [];
  // Contexts still open and API records still to delete: afterEach closes and
  // deletes them, so a failed assertion leaves nothing behind for the next test.
  const openContexts = new Set();
  const cleanups = [];

  // A page in a new browser context. page.errors and page.foreign collect
  // that page's script errors, CSP reports, dialogs and foreign requests;
  // with track (the default) they also go to the lists checked at the end.
  async function newPage(options = {}, { track = true } = {}) {
    const context = await browser.newContext({ colorScheme: 'light', ...options });
    openContexts.add(context);
    context.on('close', () => openContexts.delete(context));
    const page = await context.newPage();
    page.errors = [];
    page.foreign = [];
    const error = (e) => {
      page.errors.push(e);
      if (track) pageErrors.push(e);
    };
    context.on('request', (req) => {
      const u = req.url();
      if (u.startsWith(origin + '/')) return;
      page.foreign.push(u);
      if (track) foreignRequests.push(u);
    });
    page.on('pageerror', (e) => error(String(e)));
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) error('console: ' + m.text());
    });
    page.on('dialog', (d) => {
      error('dialog: ' + d.message());
      d.dismiss();
    });
    return page;
  }

  // Opens a page and resolves to the state it settles in (data-state).
  async function openProfile(page, p = '/p/hexu-zhao') {
    await page.goto(origin + p);
    await page.waitForFunction(() => document.documentElement.dataset.state);
    return page.evaluate(() => document.documentElement.dataset.state);
  }

  async function reloadReady(page) {
    await page.reload();
    await page.waitForFunction(() => document.documentElement.dataset.state === 'ready');
  }

  async function api(method, p, body) {
    const r = await fetch(origin + p, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    assert.ok(r.ok, `${method} ${p}: ${r.status} ${text}`);
    return text ? JSON.parse(text) : {};
  }

  // Creates a record through the API and deletes it after the test.
  async function create(p, body, resource) {
    cleanups.push(() => api('DELETE', resource));
    return api('POST', p, body);
  }

  before(async () => {
    fs.mkdirSync(S.SCREENSHOT_DIR, { recursive: true });
    server = await S.startServer();
    gw = await S.startGateway(server.address);
    origin = gw.url;
    await S.waitForApi(origin);
    browser = await S.launchBrowser();
  });

  afterEach(async () => {
    await Promise.all([...openContexts].map((c) => c.close().catch(() => {})));
    const failures = [];
    while (cleanups.length) {
      try {
        await cleanups.pop()();
      } catch (e) {
        failures.push(String(e));
      }
    }
    assert.deepEqual(failures, [], 'cleaning up after the test');
  });

  after(async () => {
    try {
      if (browser) await browser.close();
    } finally {
      try {
        if (gw) await gw.stop();
      } finally {
        if (server) await server.stop();
      }
    }
  });

  it('shows the demo header: name, photo, office with its map, obfuscated e-mail, icon links', async () => {
    const page = await newPage();
    assert.equal(await openProfile(page), 'ready');
    assert.equal(await page.textContent('h1'), DEMO.name);
    assert.equal(await page.title(), DEMO.title);
    const photo = page.locator('.profile-photo');
    assert.equal(await photo.getAttribute('src'), DEMO.photo.src);
    assert.equal(await photo.getAttribute('alt'), DEMO.photo.alt);
    await page.waitForFunction(() => document.querySelector('.profile-photo').complete);
    assert.ok(await photo.evaluate((img) => img.naturalWidth > 0), 'photo loads');

    const office = page.locator('.profile-office a');
    assert.equal(await office.textContent(), DEMO.office.text);
    assert.equal(await office.getAttribute('href'), DEMO.office.href);

    const emailLink = page.locator('.profile-email a');
    assert.equal(await emailLink.textContent(), DEMO.email.text);
    assert.equal(await emailLink.getAttribute('href'), DEMO.email.href);
    assert.equal(await page.locator('body').evaluate((b) => b.innerText.includes('hz3496@nyu.edu')),
      false, 'the plain address is not shown');

    const links = await page.$$eval('.profile-links li', (lis) => lis.map((li) => {
      const a = li.querySelector('a');
      return { kind: li.dataset.kind, href: a && a.getAttribute('href'),
        label: a && a.getAttribute('aria-label'), icon: a && a.querySelector('svg.icon use').getAttribute('href') };
    }));
    assert.deepEqual(links, DEMO.links);
  });

  it('shows the demo bio as rendered Markdown with all of its links', async () => {
    const page = await newPage();
    assert.equal(await openProfile(page), 'ready');
    assert.deepEqual(await page.$$eval('#bio .bio-text a', (as) => as.map((a) => a.href)),
      DEMO.bioLinks);
    assert.equal((await page.textContent('#bio .bio-text')).trim(), DEMO.bio);
  });

  it('shows the demo news with its date as [MM/YYYY]', async () => {
    const page = await newPage();
    assert.equal(await openProfile(page), 'ready');
    assert.deepEqual(await page.$$eval('.news-item', (lis) => lis.map((li) => li.textContent)),
      DEMO.news);
  });

  it('shows education and experience: institution, dates, degree with advisors, logo', async () => {
    const page = await newPage();
    assert.equal(await openProfile(page), 'ready');
    await page.waitForFunction(() => document.querySelectorAll('.entry-logo').length === 3 &&
      [...document.querySelectorAll('.entry-logo')].every((img) => img.complete));
    const entries = async (id) => page.$$eval(`#${id} .entry`, (arts) => arts.map((a) => {
      const logo = a.querySelector('.entry-logo');
      const notes = a.querySelector('.entry-notes');
      return {
        title: a.querySelector('.entry-title').textContent,
        dates: a.querySelector('.entry-dates').textContent,
        role: a.querySelector('.entry-role').textContent,
        advisorLinks: [...a.querySelectorAll('.entry-role a')].map((x) => [x.textContent, x.href]),
        logo: logo && [logo.getAttribute('src'), logo.alt],
        logoLoaded: !!logo && logo.naturalWidth > 0,
        notes: notes && notes.textContent,
      };
    }));
    const loaded = (list) => list.map((e) => ({ ...e, logoLoaded: true }));
    assert.deepEqual(await entries('education'), loaded(DEMO.education));
    assert.deepEqual(await entries('experience'), loaded(DEMO.experience));
  });

  it('lists the demo publications in display order: owner underlined, * equal contribution, venue, links', async () => {
    const page = await newPage();
    assert.equal(await openProfile(page), 'ready');
    const pubs = await page.$$eval('.publication', (lis) => lis.map((li) => ({
      title: li.querySelector('.publication-title').textContent,
      authors: li.querySelector('.publication-authors').textContent,
      owners: [...li.querySelectorAll('.publication-authors u')].map((u) => u.textContent),
      venue: li.querySelector('.publication-venue').textContent,
      links: [...li.querySelectorAll('.publication-link')].map((a) => [a.dataset.kind,
        a.getAttribute('href'), a.textContent.trim(), a.querySelector('svg.icon use').getAttribute('href')]),
    })));
    assert.deepEqual(pubs, DEMO.publications);
    // All four are pinned (the owner's order): one list, no year headings,
    // and no "Selected publications" section.
    assert.deepEqual(await page.$$eval('#page h2, #publications h3, #publications h4',
      (hs) => hs.map((e) => `${e.tagName} ${e.textContent}`).slice(-5)),
    ['H2 Publications', ...DEMO.publications.map((p) => `H3 ${p.title}`)]);
    const underline = await page.$$eval('.publication-authors u',
      (us) => us.map((u) => getComputedStyle(u).textDecorationLine));
    assert.deepEqual(underline, ['underline', 'underline', 'underline', 'underline']);
    assert.equal(await page.textContent('#publications .footnote'), '* Equal contribution.');
  });

  it('describes the demo profile in the head: title, description, Open Graph, schema.org Person', async () => {
    const page = await newPage();
    assert.equal(await openProfile(page), 'ready');
    const head = await page.evaluate(() => ({
      description: document.querySelector('meta[name=description]').content,
      ogTitle: document.querySelector('meta[property="og:title"]').content,
      ogDescription: document.querySelector('meta[property="og:description"]').content,
      ogUrl: document.querySelector('meta[property="og:url"]').content,
      ogImage: document.querySelector('meta[property="og:image"]').content,
      ld: JSON.parse(document.querySelector('script[type="application/ld+json"]').textContent),
    }));
    assert.deepEqual(head, {
      description: DEMO.description,
      ogTitle: DEMO.name,
      ogDescription: DEMO.description,
      ogUrl: `${origin}/p/hexu-zhao`,
      ogImage: `${origin}/assets/demo/photo.svg`,
      ld: S.demoProfilePage(origin, { description: DEMO.bio }),
    });
  });

  it('lays out the header as the reference: name, photo at its right, office, email, icons', async () => {
    for (const viewport of [{ width: 1280, height: 900 }, { width: 360, height: 740 }]) {
      const page = await newPage({ viewport });
      assert.equal(await openProfile(page), 'ready');
      await page.waitForFunction(() => document.querySelector('.profile-photo').complete);
      const h = await page.evaluate(() => {
        const box = (e) => e.getBoundingClientRect().toJSON();
        const header = document.querySelector('.profile-header');
        const items = [...header.querySelectorAll(
          '.profile-name, .profile-headline, .profile-office, .profile-email, .profile-links')];
        const style = (sel) => getComputedStyle(header.querySelector(sel));
        return {
          brand: document.getElementById('brand').textContent,
          order: items.map((e) => e.classList[0]),
          tops: items.map((e) => box(e).top),
          name: box(header.querySelector('.profile-name')),
          photo: box(header.querySelector('.profile-photo')),
          office: header.querySelector('.profile-office').textContent.trim(),
          officeIcon: header.querySelector('.profile-office svg.icon use').getAttribute('href'),
          email: header.querySelector('.profile-email').textContent.trim(),
          emailIcon: header.querySelector('.profile-email svg.icon use').getAttribute('href'),
          italic: [style('.profile-office').fontStyle, style('.profile-email').fontStyle],
          iconSize: parseFloat(style('.profile-links ul').fontSize),
          textSize: parseFloat(getComputedStyle(document.body).fontSize),
        };
      });
      const where = `${viewport.width}px`;
      assert.equal(h.brand, 'Hexu Zhao', `${where}: the top bar names the person`);
      // The bio says position and institution, so the header does not repeat them.
      assert.deepEqual(h.order, ['profile-name', 'profile-office', 'profile-email', 'profile-links'],
        where);
      assert.equal(h.tops.length, 4);
      for (let i = 1; i < 4; i += 1) {
        assert.ok(h.tops[i] > h.tops[i - 1], `${where}: ${h.order[i]} below ${h.order[i - 1]}`);
      }
      assert.ok(h.photo.left >= h.name.right - 1, `${where}: photo right of the name`);
      assert.ok(h.photo.top < h.name.bottom && h.photo.bottom > h.name.top,
        `${where}: photo beside the name ${JSON.stringify([h.photo, h.name])}`);
      assert.equal(h.office, 'Office: 424, 60 5th Ave, New York, NY 10011');
      assert.equal(h.officeIcon, '#fa-building');
      assert.equal(h.email, 'Work Email: hz3496 [at] nyu [dot] edu');
      assert.equal(h.emailIcon, '#fa-inbox');
      assert.deepEqual(h.italic, ['italic', 'italic']);
      assert.ok(h.iconSize >= 1.9 * h.textSize, `${where}: large icon links (${h.iconSize}px)`);
      await page.context().close();
    }
  });

  it('orders the sections as the reference: Bio, News, Education, Experience, Publications', async () => {
    const page = await newPage();
    await openProfile(page);
    const sections = await page.$$eval('#page > section', (ss) =>
      ss.map((s) => [s.id, s.querySelector('h2').textContent]));
    assert.deepEqual(sections, [['bio', 'Bio'], ['news', 'News'], ['education', 'Education'],
      ['experience', 'Experience'], ['publications', 'Publications']]);
  });
  it('sets type as the reference: light headings, bold titles and degrees, italic lines', async () => {
    const page = await newPage({ viewport: { width: 1280, height: 900 } });
    assert.equal(await openProfile(page), 'ready');
    const t = await page.evaluate(() => {
      const cs = (e) => getComputedStyle(e);
      const q = (sel) => document.querySelector(sel);
      const all = (sel) => [...document.querySelectorAll(sel)];
      return {
        font: cs(document.body).fontFamily,
        lineHeight: parseFloat(cs(document.body).lineHeight) / parseFloat(cs(document.body).fontSize),
        h1: Number(cs(q('h1')).fontWeight),
        h2: all('#page h2').map((e) => Number(cs(e).fontWeight)),
        body: parseFloat(cs(document.body).fontSize),
        pubTitles: all('.publication-title').map((e) => [Number(cs(e).fontWeight), parseFloat(cs(e).fontSize)]),
        venues: all('.publication-venue').map((e) => cs(e).fontStyle),
        dates: all('.entry-dates').map((e) => cs(e).fontStyle),
        degrees: all('#education .entry-role').map((e) => [cs(e).fontStyle,
          Number(cs(e.querySelector('.entry-degree')).fontWeight)]),
        roles: all('#experience .entry-role').map((e) => [cs(e).fontStyle, Number(cs(e).fontWeight),
          e.querySelector('strong, b') === null]),
        // The links follow the venue on its line.
        linkRows: all('.publication-meta').map((m) => {
          const v = m.querySelector('.publication-venue');
          const a = m.querySelector('.publication-link');
          return a && v ? Math.abs(a.getBoundingClientRect().top - v.getBoundingClientRect().top) : -1;
        }),
      };
    });
    assert.match(t.font, /^Roboto, /);
    assert.ok(t.lineHeight >= 1.5 && t.lineHeight <= 1.7, String(t.lineHeight));
    assert.equal(t.h1, 300);
    assert.deepEqual(t.h2, [300, 300, 300, 300, 300]);
    // Four publications: bold titles at the text size, italic venues with
    // their links on the same line.
    assert.deepEqual(t.pubTitles, [[700, t.body], [700, t.body], [700, t.body], [700, t.body]]);
    assert.deepEqual(t.venues, ['italic', 'italic', 'italic', 'italic']);
    assert.equal(t.linkRows.length, 4);
    t.linkRows.forEach((d, i) => assert.ok(d >= 0 && d < 4,
      `publication ${i}: links on the venue line (${d}px apart; -1: no venue or no link)`));
    // Two education entries and one experience entry.
    assert.deepEqual(t.dates, ['italic', 'italic', 'italic']);
    assert.deepEqual(t.degrees, [['italic', 700], ['italic', 700]], 'italic line, bold degree');
    assert.deepEqual(t.roles, [['italic', 400, true]], 'experience role: italic, not bold');
  });

  it('ends with a footer: copyright, the day of the newest change (UTC), what made it', async () => {
    // The demo data as stored: the footer's <time> is the newest updateTime
    // of the profile, its news and its publications.
    const page = await newPage();
    assert.equal(await openProfile(page), 'ready');
    const data = await (await fetch(`${origin}/v1/profiles/hexu-zhao/page`)).json();
    const times = [data.profile.updateTime, ...data.news.map((n) => n.updateTime),
      ...data.publications.map((x) => x.updateTime)];
    assert.equal(times.length, 6);
    const newest = new Date(Math.max(...times.map((x) => Date.parse(x)))).toISOString();
    const live = await page.evaluate(() => ({
      text: document.querySelector('footer').textContent.trim(),
      datetime: document.querySelector('footer time').dateTime,
      landmark: document.querySelectorAll('body > footer').length,
    }));
    assert.equal(live.landmark, 1);
    assert.equal(live.datetime, newest);
    assert.match(live.text, /^\u00a9 \d{4} Hexu Zhao \u00b7 Last updated \S+ \d{1,2}, \d{4} \u00b7 Made with Vita$/);

    // Known times, the newest a publication's at 23:30 UTC on New Year's Eve,
    // seen from UTC+14 (where it is already 2026): the footer says the UTC day.
    const known = JSON.parse(JSON.stringify(data));
    known.profile.updateTime = '2025-06-01T12:00:00Z';
    known.news.forEach((n) => { n.updateTime = '2025-12-30T10:00:00Z'; });
    known.publications.forEach((x, i) => {
      x.updateTime = i === 2 ? '2025-12-31T23:30:00.250Z' : '2024-09-09T09:09:09Z';
    });
    const kiritimati = await newPage({ timezoneId: 'Pacific/Kiritimati' });
    await kiritimati.route('**/v1/profiles/hexu-zhao/page', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(known) }));
    assert.equal(await openProfile(kiritimati), 'ready');
    assert.equal(await kiritimati.evaluate(() => new Date(2025, 11, 31, 23, 30).getTimezoneOffset()),
      -14 * 60, 'the browser is in UTC+14');
    assert.deepEqual(await kiritimati.evaluate(() => ({
      text: document.querySelector('footer').textContent.trim(),
      datetime: document.querySelector('footer time').dateTime,
    })), {
      text: '\u00a9 2025 Hexu Zhao \u00b7 Last updated Dec. 31, 2025 \u00b7 Made with Vita',
      datetime: '2025-12-31T23:30:00.250Z',
    });
  });

  it('shows where the keyboard focus is', async () => {
    for (const colorScheme of ['light', 'dark']) {
      const page = await newPage({ colorScheme });
      assert.equal(await openProfile(page), 'ready');
      const seen = [];
      for (let i = 0; i < 14; i += 1) {
        await page.keyboard.press('Tab');
        seen.push(await page.evaluate(() => {
          const e = document.activeElement;
          const s = getComputedStyle(e);
          const b = e.getBoundingClientRect();
          const rgb = (c) => (c.match(/[\d.]+/g) || []).slice(0, 3).map(Number);
          // Luminance contrast of the outline against what is behind it.
          const lum = ([r, g, bl]) => {
            const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
            return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(bl);
          };
          let bgEl = e;
          let bg = 'rgba(0, 0, 0, 0)';
          while (bgEl && /rgba\(.*, 0\)|transparent/.test(bg)) {
            bg = getComputedStyle(bgEl).backgroundColor;
            bgEl = bgEl.parentElement;
          }
          const [l1, l2] = [lum(rgb(s.outlineColor)), lum(rgb(bg))].sort((x, y) => y - x);
          return { what: e.id || e.className || e.tagName, style: s.outlineStyle,
            width: parseFloat(s.outlineWidth), contrast: (l1 + 0.05) / (l2 + 0.05),
            shown: b.width > 0 && b.height > 0 && b.left >= 0 && b.top >= 0 };
        }));
      }
      assert.deepEqual(seen.map((x) => x.what), DEMO_FOCUS_ORDER, `${colorScheme}: focus order`);
      for (const f of seen) {
        assert.equal(f.style, 'solid', `${colorScheme}: ${f.what} has a solid outline`);
        assert.ok(f.width >= 2, `${colorScheme}: ${f.what} outline ${f.width}px`);
        assert.ok(f.contrast >= 3, `${colorScheme}: ${f.what} outline contrast ${f.contrast}`);
        assert.ok(f.shown, `${colorScheme}: ${f.what} is on screen`);
      }
    }
  });

  it('prints black on white, without the top bar, with the links written out', async () => {
    const page = await newPage({ colorScheme: 'dark' });
    assert.equal(await openProfile(page), 'ready');
    await page.emulateMedia({ media: 'print' });
    const r = await page.evaluate(() => ({
      bg: getComputedStyle(document.body).backgroundColor,
      fg: getComputedStyle(document.body).color,
      topbar: getComputedStyle(document.querySelector('.topbar')).display,
      footer: getComputedStyle(document.querySelector('.footer')).display,
      link: getComputedStyle(document.querySelector('.publication-link'), '::after').content,
      icon: getComputedStyle(document.querySelector('.profile-links a'), '::after').content,
      keep: [...document.querySelectorAll('.publication, .entry')]
        .map((e) => getComputedStyle(e).breakInside),
    }));
    assert.equal(r.bg, 'rgb(255, 255, 255)');
    assert.equal(r.fg, 'rgb(0, 0, 0)');
    assert.equal(r.topbar, 'none');
    assert.equal(r.footer, 'block');
    // The first publication link and the first icon link, written out.
    assert.equal(r.link, '" https://arxiv.org/abs/2406.18533"');
    assert.equal(r.icon, `" ${CV_URL}"`);
    // Four publications and three entries are not split across pages.
    assert.deepEqual(r.keep, Array(7).fill('avoid'));
    const pdf = await page.pdf({ path: path.join(S.SCREENSHOT_DIR, 'print.pdf'), format: 'A4' });
    assert.ok(pdf.length > 10000);
  });

  // The reference: the mkdocs-material page the demo data was taken from
  // (VITA_REFERENCE_MD, by default ../shared/reference/homepage.md next to the
  // repository; CI has it there). Its lines are compared with what the
  // browser shows, after the Markdown is stripped and the typography
  // normalised ("--" and "–" are one en dash, "May." is "May"). Without the
  // file the test fails: a comparison that does not run proves nothing.
  it('says what the reference page says, line by line', async () => {
    const refFile = process.env.VITA_REFERENCE_MD ||
      path.join(S.SOURCE_DIR, '..', 'shared', 'reference', 'homepage.md');
    assert.ok(fs.existsSync(refFile), `the reference page ${refFile} is missing: put the shared/ ` +
      'directory beside the repository, or set VITA_REFERENCE_MD to its homepage.md');
    const md = fs.readFileSync(refFile, 'utf8');
    const plain = (x) => x
      .replace(/!\[[^\]]*\]\([^)]*\)(\{[^}]*\})?/g, '') // pictures
      .replace(/\[((?:[^[\]]|\[[^\]]*\])*)\]\([^)]*\)/g, '$1') // links, "[a [at] b](...)" too
      .replace(/<\/?u>/g, '').replace(/\\\*/g, '\u0001').replace(/\*/g, '').replace(/\u0001/g, '*')
      .replace(/&nbsp;/g, ' ').replace(/:[a-z0-9-]+:/g, '')
      .replace(/ -- | \u2013 /g, ' \u2013 ').replace(/\bMay\./g, 'May')
      .replace(/\s+/g, ' ').trim();
    const lines = md.split('\n').map((l) => l.trim()).filter(Boolean);
    const under = (title) => {
      const i = lines.indexOf(`## ${title}`);
      assert.ok(i >= 0, `the reference has a "## ${title}" section`);
      const rest = lines.slice(i + 1);
      const end = rest.findIndex((l) => l.startsWith('## '));
      return end < 0 ? rest : rest.slice(0, end);
    };

    const page = await newPage({ viewport: { width: 1280, height: 900 } });
    assert.equal(await openProfile(page), 'ready');
    const ours = await page.evaluate(() => {
      const text = (e) => (e ? e.textContent.replace(/\s+/g, ' ').trim() : null);
      const all = (sel, f) => [...document.querySelectorAll(sel)].map(f);
      return {
        name: text(document.querySelector('h1')),
        sections: all('#page h2', text),
        office: text(document.querySelector('.profile-office')),
        officeHref: document.querySelector('.profile-office a').href,
        email: text(document.querySelector('.profile-email')),
        emailHref: document.querySelector('.profile-email a').href,
        icons: all('.profile-links a', (a) => ({ href: a.href,
          icon: a.querySelector('svg.icon use').getAttribute('href') })),
        bio: text(document.querySelector('.bio-text')),
        bioLinks: all('.bio-text a', (a) => a.href),
        news: all('.news-item', text),
        entries: all('.entry', (e) => [text(e.querySelector('.entry-title')),
          text(e.querySelector('.entry-dates')), text(e.querySelector('.entry-role'))]),
        advisorLinks: all('#education .entry-role a', (a) => a.href),
        pubs: all('.publication', (li) => ({
          title: text(li.querySelector('.publication-title')),
          authors: text(li.querySelector('.publication-authors')),
          owner: text(li.querySelector('.publication-authors u')),
          venue: text(li.querySelector('.publication-venue')),
          links: [...li.querySelectorAll('.publication-link')]
            .map((a) => ({ href: a.href, text: text(a),
              icon: a.querySelector('svg.icon use').getAttribute('href') })),
        })),
      };
    });

    // Header: "# Name ![photo]", "*:building: Office: [address](map)*",
    // "*:inbox: Work Email: [obfuscated](mailto:...)*", a row of icon links.
    const h1 = lines.find((l) => l.startsWith('# '));
    assert.ok(h1, 'the reference has a "# name" line');
    assert.equal(ours.name, plain(h1.slice(2)));
    assert.match(h1, /!\[.*\]\(.*\)\{[^}]*align=right/, 'the reference puts the photo at the right');
    const office = lines.find((l) => /Office:/.test(l));
    assert.ok(office, 'the reference has an "Office:" line');
    assert.equal(ours.office, plain(office));
    assert.equal(ours.officeHref, /\]\(([^)]+)\)/.exec(office)[1]);
    const email = lines.find((l) => /Work Email:/.test(l));
    assert.ok(email, 'the reference has a "Work Email:" line');
    assert.equal(ours.email, plain(email));
    assert.equal(ours.emailHref, /\]\(([^)]+)\)/.exec(email)[1]);
    const row = lines.find((l) => /font-size:2em/.test(l));
    assert.ok(row, 'the reference has a row of icon links');
    const refIcons = [...row.matchAll(/\[:([a-z0-9-]+):\]\(([^)]+)\)/g)].map((m) => ({
      icon: m[1].replace(/^academicons-/, 'ai-').replace(/^fontawesome-(solid|brands|regular)-/, 'fa-'),
      href: m[2],
    }));
    assert.equal(refIcons.length, 7, 'seven icon links in the reference');
    assert.equal(ours.icons.length, 7);
    refIcons.forEach((r, i) => {
      assert.equal(ours.icons[i].icon, `#${r.icon}`, `icon ${i}: ${r.icon}`);
      if (/^(https?|mailto):/.test(r.href)) assert.equal(ours.icons[i].href, r.href);
      else assert.ok(decodeURI(ours.icons[i].href).endsWith(r.href), ours.icons[i].href);
    });

    assert.deepEqual(ours.sections, lines.filter((l) => l.startsWith('## ')).map((l) => l.slice(3)));
    const bio = under('Bio');
    assert.equal(bio.length, 1, 'one bio paragraph in the reference');
    assert.equal(ours.bio, plain(bio.join(' ')));
    const refBioLinks = [...bio.join(' ').matchAll(/\]\(([^)]+)\)/g)].map((m) => m[1]);
    assert.equal(refBioLinks.length, 7, 'seven links in the reference bio');
    assert.deepEqual(ours.bioLinks, refBioLinks);
    const news = under('News');
    assert.equal(news.length, 1, 'one news item in the reference');
    assert.deepEqual(ours.news, news.map(plain));

    // Education: "### Institution", "*dates*", "***Degree**, advised by ...*".
    // Experience: "**Organization**", "*dates*", "*role*". The demo data
    // writes "DeepSpeed" as Microsoft does; the reference "Deepspeed".
    const edu = under('Education');
    const exp = under('Experience');
    const refEntries = [];
    for (let i = 0; i < edu.length; i += 3) refEntries.push(edu.slice(i, i + 3).map((l) => plain(l.replace(/^### /, ''))));
    for (let i = 0; i < exp.length; i += 3) refEntries.push(exp.slice(i, i + 3).map(plain));
    assert.equal(refEntries.length, 3, 'two education and one experience entry in the reference');
    assert.equal(ours.entries.length, 3);
    refEntries.forEach((r, i) => {
      assert.equal(ours.entries[i][0].toLowerCase(), r[0].toLowerCase());
      assert.equal(ours.entries[i][1], r[1]);
      assert.equal(ours.entries[i][2], r[2]);
    });
    const refAdvisorLinks = [...edu.join(' ').matchAll(/\[[^\]:]+\]\(([^)]+)\)/g)]
      .map((m) => m[1]).filter((u) => !/\.(png|jpe?g)$|\/assets\//.test(u));
    assert.equal(refAdvisorLinks.length, 2, 'two advisor links in the reference');
    assert.deepEqual(ours.advisorLinks, refAdvisorLinks);

    // Publications: "**Title**", authors ("<u>" the owner, "\*" equal
    // contribution), "*venue*" and "[:icon: label](url)" links. The demo data
    // has one status for "In submission to" and "Under Submission to"; the page
    // writes the latter.
    const pubs = under('Publications');
    assert.equal(pubs.length, 12, 'four publications of three lines in the reference');
    assert.equal(ours.pubs.length, 4);
    ours.pubs.forEach((got, i) => {
      const [title, authors, meta] = pubs.slice(3 * i, 3 * i + 3);
      assert.equal(got.title, plain(title));
      assert.equal(got.authors, plain(authors));
      assert.equal(got.owner, plain(/<u>(.*?)<\/u>/.exec(authors)[1]));
      const venue = /^\*([^*]+)\*/.exec(meta)[1];
      assert.equal(got.venue, venue.replace(/^In submission to /, 'Under Submission to '));
      const refLinks = [...meta.matchAll(/\[:([a-z0-9-]+):\s*([^\]]*)\]\(([^)]+)\)/g)];
      assert.equal(refLinks.length, [3, 1, 1, 1][i], `reference publication ${i}: its links`);
      assert.equal(got.links.length, refLinks.length, got.title);
      refLinks.forEach((m, j) => {
        assert.equal(got.links[j].href, m[3]);
        assert.equal(got.links[j].icon,
          `#${m[1].replace(/^academicons-/, 'ai-').replace(/^fontawesome-(solid|brands|regular)-/, 'fa-')}`);
        if (m[2].trim()) assert.equal(got.links[j].text, m[2].trim());
      });
    });
  });

  // Exactly the icons of the page's kind maps (ProfileLink.Kind,
  // PublicationLink.Kind) and of its own lines (office, e-mail, dark mode).
  const PAGE_ICONS = ['ai-arxiv', 'ai-cv', 'ai-dblp', 'ai-doi', 'ai-google-scholar', 'ai-orcid',
    'fa-building', 'fa-envelope', 'fa-file-pdf', 'fa-github', 'fa-house', 'fa-image', 'fa-inbox',
    'fa-link', 'fa-linkedin', 'fa-moon', 'fa-person-chalkboard', 'fa-video', 'fa-x-twitter',
    'fa-zhihu'];

  // Where each comes from: a Font Awesome file (svgs/<style>/<name>.svg) or
  // an Academicons glyph.
  const ICON_FILES = {
    'ai-arxiv': 'ai:arxiv', 'ai-cv': 'ai:cv', 'ai-dblp': 'ai:dblp', 'ai-doi': 'ai:doi',
    'ai-google-scholar': 'ai:google-scholar', 'ai-orcid': 'ai:orcid',
    'fa-building': 'solid/building', 'fa-envelope': 'solid/envelope', 'fa-file-pdf': 'solid/file-pdf',
    'fa-github': 'brands/github', 'fa-house': 'solid/house', 'fa-image': 'solid/image',
    'fa-inbox': 'solid/inbox', 'fa-link': 'solid/link', 'fa-linkedin': 'brands/linkedin',
    'fa-moon': 'solid/moon', 'fa-person-chalkboard': 'solid/person-chalkboard',
    'fa-video': 'solid/video', 'fa-x-twitter': 'brands/x-twitter', 'fa-zhihu': 'brands/zhihu',
  };

  it('draws every icon from an inline SVG symbol of the icon packages, and loads no icon font', async () => {
    const page = await newPage();
    const requested = [];
    page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    assert.equal(await openProfile(page), 'ready');
    await page.waitForLoadState('networkidle');
    await page.evaluate(() => document.fonts.ready);
    const r = await page.evaluate(() => ({
      symbols: [...document.querySelectorAll('body > svg.icon-symbols > symbol')].map((s) => s.id),
      faces: [...document.fonts].map((f) => f.family),
      sheets: [...document.styleSheets].map((s) => (s.href ? new URL(s.href).pathname : s.ownerNode.tagName)),
      icons: [...document.querySelectorAll('svg.icon')].map((svg) => {
        const id = svg.querySelector('use').getAttribute('href').slice(1);
        const sym = document.getElementById(id);
        const b = svg.getBoundingClientRect();
        const p = sym && sym.querySelector('path');
        return { id, symbol: !!sym && sym.tagName === 'symbol', w: b.width, h: b.height,
          font: parseFloat(getComputedStyle(svg.parentElement).fontSize),
          fill: getComputedStyle(svg).fill === getComputedStyle(svg).color,
          path: p ? p.getAttribute('d').length : 0 };
      }),
    }));
    assert.deepEqual([...r.symbols].sort(), PAGE_ICONS);
    assert.deepEqual(r.faces, [], 'no font face is declared');
    assert.deepEqual(r.sheets, ['STYLE'], 'one style sheet, inline in the document');
    assert.deepEqual(requested.filter((u) => /\.(woff2?|ttf|eot|otf)$|^\/vendor\//.test(u)), []);
    // Toggle, office, e-mail, seven icon links, six publication links.
    assert.deepEqual(r.icons.map((i) => i.id), ['fa-moon', 'fa-building', 'fa-inbox', 'ai-cv',
      'fa-envelope', 'ai-google-scholar', 'ai-dblp', 'fa-github', 'fa-linkedin', 'fa-zhihu',
      'ai-arxiv', 'fa-github', 'fa-link', 'ai-arxiv', 'ai-arxiv', 'ai-google-scholar']);
    for (const i of r.icons) {
      assert.ok(i.symbol && i.path > 20, `${i.id}: a symbol with a path`);
      assert.ok(Math.abs(i.h - i.font) < 0.5, `${i.id}: one em high (${i.h} of ${i.font})`);
      assert.ok(i.w > 0.4 * i.font && i.w <= 1.25 * i.font, `${i.id}: ${i.w}px wide`);
      assert.ok(i.fill, `${i.id}: drawn in the text colour`);
    }
    // The glyphs are the packages' own, as the browser draws them: each
    // symbol's path against the package's (Font Awesome's SVG file; the
    // Academicons font's glyph, whose y grows upwards from the baseline 448
    // units below the top), same box within a unit of the 512-unit em and
    // the same inside and outside on a 40 x 40 grid but for points near an edge
    // (a wrong glyph differs in hundreds).
    const faDir = path.dirname(S.webRequire.resolve('@fortawesome/fontawesome-free/package.json'));
    const font = fs.readFileSync(S.webRequire.resolve('academicons/fonts/academicons.svg'), 'utf8');
    const original = (id) => {
      const source = ICON_FILES[id];
      if (source.startsWith('ai:')) {
        const g = new RegExp(`<glyph glyph-name="${source.slice(3)}"[^>]*?\\sd="([^"]+)"`).exec(font);
        assert.ok(g, `academicons.svg has a "${source.slice(3)}" glyph`);
        return { d: g[1], flip: true };
      }
      const svg = fs.readFileSync(path.join(faDir, 'svgs', `${source}.svg`), 'utf8');
      return { d: /<path d="([^"]+)"/.exec(svg)[1], flip: false };
    };
    assert.deepEqual(Object.keys(ICON_FILES).sort(), PAGE_ICONS);
    const compared = await page.evaluate((icons) => icons.map(({ id, d, flip }) => {
      const NS = 'http://www.w3.org/2000/svg';
      const svg = document.createElementNS(NS, 'svg');
      document.body.appendChild(svg);
      const path = (pathData) => {
        const p = document.createElementNS(NS, 'path');
        p.setAttribute('d', pathData);
        svg.appendChild(p);
        return p;
      };
      const ours = path(document.querySelector(`#${id} path`).getAttribute('d'));
      const theirs = path(d);
      const width = Number(document.getElementById(id).getAttribute('viewBox').split(' ')[2]);
      const b = ours.getBBox();
      const t = theirs.getBBox();
      const box = [b.x, b.y, b.width, b.height];
      const want = flip ? [t.x, 448 - t.y - t.height, t.width, t.height] : [t.x, t.y, t.width, t.height];
      let differ = 0;
      for (let i = 0; i < 40; i += 1) {
        for (let j = 0; j < 40; j += 1) {
          const x = ((i + 0.5) * width) / 40;
          const y = ((j + 0.5) * 512) / 40;
          const inOurs = ours.isPointInFill(new DOMPoint(x, y));
          const inTheirs = theirs.isPointInFill(new DOMPoint(x, flip ? 448 - y : y));
          if (inOurs !== inTheirs) differ += 1;
        }
      }
      svg.remove();
      return { id, off: Math.max(...box.map((v, k) => Math.abs(v - want[k]))), differ };
    }), PAGE_ICONS.map((id) => ({ id, ...original(id) })));
    for (const c of compared) {
      assert.ok(c.off <= 1.5, `${c.id}: box ${c.off} units off the package's glyph`);
      assert.ok(c.differ <= 24, `${c.id}: ${c.differ} of 1600 points on the other side of the edge`);
    }
  });

  it('switches to dark mode and remembers it', async () => {
    const page = await newPage();
    assert.equal(await openProfile(page), 'ready');
    const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    // Where the switch's knob is: 0 at the left edge of the switch, 1 at the right.
    const knobAt = () => {
      const sw = document.querySelector('#theme-toggle .switch').getBoundingClientRect();
      const knob = document.querySelector('#theme-toggle .switch-knob').getBoundingClientRect();
      return (knob.left + knob.width / 2 - sw.left) / sw.width;
    };
    // Waits until the knob has slid to that side (a short CSS transition).
    const knobOn = (right) => page.waitForFunction((r) => {
      const sw = document.querySelector('#theme-toggle .switch').getBoundingClientRect();
      const knob = document.querySelector('#theme-toggle .switch-knob').getBoundingClientRect();
      const at = (knob.left + knob.width / 2 - sw.left) / sw.width;
      return r ? at > 0.5 : at < 0.5;
    }, right, { timeout: 2000 }).catch(async (e) => {
      assert.fail(`the switch's knob did not slide to the ${right ? 'right' : 'left'} ` +
        `(at ${await page.evaluate(knobAt)}): ${e.message.split('\n')[0]}`);
    });
    // The toggle is named "Dark mode" in both states; aria-pressed and the
    // switch drawn beside the label say whether it is on, the tooltip says
    // what a click does.
    const toggle = () => page.evaluate(() => {
      const b = document.getElementById('theme-toggle');
      return { text: b.textContent.trim(), pressed: b.getAttribute('aria-pressed'), title: b.title,
        icon: b.querySelector('svg.icon use').getAttribute('href') };
    });
    assert.equal(await bg(), WHITE);
    assert.deepEqual(await toggle(), { text: 'Dark mode', pressed: 'false',
      title: 'Dark mode is off: switch to dark colours', icon: '#fa-moon' });
    const off = await page.evaluate(knobAt);
    assert.ok(off < 0.5, `switch off: knob at the left (${off})`);
    await page.screenshot({ path: path.join(S.SCREENSHOT_DIR, 'light.png'), fullPage: true });

    await page.click('#theme-toggle');
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
    assert.equal(await bg(), DARK_BG);
    assert.deepEqual(await toggle(), { text: 'Dark mode', pressed: 'true',
      title: 'Dark mode is on: switch to light colours', icon: '#fa-moon' });
    await knobOn(true);

    await reloadReady(page);
    assert.equal(await page.evaluate(() => localStorage.getItem('vita-theme')), 'dark');
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
    assert.equal(await bg(), DARK_BG);
    await page.screenshot({ path: path.join(S.SCREENSHOT_DIR, 'dark.png'), fullPage: true });
    await page.click('#theme-toggle');
    assert.equal(await page.evaluate(() => localStorage.getItem('vita-theme')), 'light');
    assert.equal(await bg(), WHITE);
    await knobOn(false);

    // Without a remembered choice the page follows the system.
    const dark = await newPage({ colorScheme: 'dark' });
    assert.equal(await openProfile(dark), 'ready');
    assert.equal(await dark.evaluate(() => localStorage.getItem('vita-theme')), null);
    assert.equal(await dark.evaluate(() => getComputedStyle(document.body).backgroundColor), DARK_BG);
    assert.equal(await dark.getAttribute('#theme-toggle', 'aria-pressed'), 'true');
    assert.equal(await dark.getAttribute('#theme-toggle', 'title'), 'Dark mode is on: switch to light colours');
  });

  it('fits a 360px wide phone without horizontal scrolling', async () => {
    const page = await newPage({ viewport: { width: 360, height: 740 }, isMobile: true,
      hasTouch: true, deviceScaleFactor: 2 });
    assert.equal(await openProfile(page), 'ready');
    const sizes = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
      widest: Math.max(...[...document.querySelectorAll('body *')]
        .map((e) => e.getBoundingClientRect().right)),
    }));
    assert.ok(sizes.scroll <= sizes.client, JSON.stringify(sizes));
    assert.ok(sizes.widest <= sizes.client + 0.5, JSON.stringify(sizes));
    await page.screenshot({ path: path.join(S.SCREENSHOT_DIR, 'phone.png'), fullPage: true });

    const dark = await newPage({ viewport: { width: 360, height: 740 }, isMobile: true,
      hasTouch: true, deviceScaleFactor: 2, colorScheme: 'dark' });
    assert.equal(await openProfile(dark), 'ready');
    const darkSizes = await dark.evaluate(() => [document.documentElement.scrollWidth,
      document.documentElement.clientWidth]);
    assert.ok(darkSizes[0] <= darkSizes[1], JSON.stringify(darkSizes));
    await dark.screenshot({ path: path.join(S.SCREENSHOT_DIR, 'phone-dark.png'), fullPage: true });
  });

  it('shows the default profile at "/"', async () => {
    const page = await newPage({ viewport: { width: 1400, height: 900 } });
    assert.equal(await openProfile(page, '/'), 'ready');
    assert.equal(await page.textContent('h1'), 'Hexu Zhao');
    assert.equal(await page.getAttribute('#brand', 'href'), '/');
    await page.screenshot({ path: path.join(S.SCREENSHOT_DIR, 'wide.png') });
  });

  it('shows an edit made through the API after a reload', async () => {
    const page = await newPage();
    assert.equal(await openProfile(page), 'ready');
    await create('/v1/profiles/hexu-zhao/news?newsItemId=web-test-edit',
      { date: { year: 2099, month: 12 }, text: 'Edited through the *API*.' },
      '/v1/profiles/hexu-zhao/news/web-test-edit');
    await reloadReady(page);
    assert.deepEqual(await page.$$eval('.news-item', (lis) => lis.map((li) => li.textContent)),
      ['[12/2099] Edited through the API.', ...DEMO.news]);
    assert.equal(await page.textContent('.news-item em'), 'API');
  });

  // Markdown links with other schemes are refused by the server itself
  // (server/domain/validation.cc); what it stores, the page must still show
  // inert.
  const linkPayloads = [
    ['[click](javascript:window.__xss=3)', 'link 1: scheme must be http, https or mailto, or a path ' +
      'starting with "/" (got "javascript")'],
    ['[click2](JaVaScRiPt:window.__xss=4)', 'link 1: scheme must be http, https or mailto, or a path ' +
      'starting with "/" (got "JaVaScRiPt")'],
    ['[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)', 'link 1: scheme must be ' +
      'http, https or mailto, or a path starting with "/" (got "data")'],
    ['[vb](vbscript:msgbox)', 'link 1: scheme must be http, https or mailto, or a path starting ' +
      'with "/" (got "vbscript")'],
    ['![remote](//203.0.113.1/x.png)', 'image 1: must be a path starting with a single "/" or a URL ' +
      'with scheme http or https (got "//203.0.113.1/x.png")'],
  ];

  it('refuses Markdown links with unsafe schemes through the API, and stores nothing', async () => {
    for (const [text, rule] of linkPayloads) {
      const r = await fetch(`${origin}/v1/profiles/hexu-zhao/news`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
        body: JSON.stringify({ date: { year: 2024, month: 1 }, text }),
      });
      assert.equal(r.status, 400, text);
      assert.deepEqual(await r.json(), { code: 3, message: `news_item.text: ${rule}` }, text);
    }
    const stored = await (await fetch(`${origin}/v1/profiles/hexu-zhao/news`)).json();
    assert.deepEqual(stored.newsItems.map((n) => n.name),
      ['profiles/hexu-zhao/news/deepspeed-internship']);
  });

  // ------------------------------------------------ hostile data, whole page

  // A profile, a news item and a publication with every text field hostile,
  // stored through the real API (the server takes these: they are text, and
  // their URLs have allowed schemes). Resolves when stored; deleted after the
  // test.
  async function storeHostileProfile() {
    await create('/v1/profiles?profileId=xss-test', {
      displayName: XSS.name,
      nameVariants: [XSS.variant],
      headline: XSS.headline,
      affiliation: XSS.affiliation,
      bio: XSS.bio,
      researchInterests: [XSS.interest],
      photo: { url: XSS.photoUrl, altText: XSS.alt },
      office: { address: XSS.office, mapUrl: XSS.mapUrl },
      emails: [{ address: XSS_EMAIL, kind: 'WORK' }],
      links: [
        { kind: 'GITHUB', url: XSS.linkUrl, label: XSS.linkLabel },
        { kind: 'EMAIL', url: XSS.mailUrl, label: 'Mail' },
        { kind: 'OTHER', url: XSS.pathUrl },
      ],
      education: [{ institution: XSS.institution, url: XSS.eduUrl, degree: XSS.degree,
        notes: XSS.notes, start: { year: 2020, month: 1 },
        logo: { url: '/assets/demo/nyu.svg', altText: XSS.logoAlt },
        advisors: [{ honorific: XSS_HONORIFIC, name: XSS.advisor, url: XSS.advisorUrl }] }],
      experience: [{ organization: XSS.organization, role: XSS.role, notes: XSS.expNotes,
        start: { year: 2021 }, logo: { url: XSS.foreignLogo, altText: xss('explogo') } }],
      coauthors: [{ name: XSS.coauthor, url: XSS.coauthorUrl }],
    }, '/v1/profiles/xss-test?force=true');
    await api('POST', '/v1/profiles/xss-test/news?newsItemId=evil',
      { date: { year: 2024, month: 1 }, text: XSS.news });
    await api('POST', '/v1/profiles/xss-test/publications?publicationId=evil', {
      title: XSS.title, venue: XSS.venue, status: 'UNDER_SUBMISSION', year: 2024,
      authors: [{ name: XSS.author1, isOwner: true, equalContribution: true },
        { name: XSS.author2, url: XSS.authorUrl }],
      links: [{ kind: 'PDF', url: XSS.pubUrl, label: XSS.pubLabel }],
      venueShort: XSS.venueShort, awards: [XSS.award], abstract: XSS.abstract, doi: XSS.doi,
      type: 'CONFERENCE_PAPER', selected: true,
    });
    await api('POST', '/v1/profiles/xss-test/publications?publicationId=evil2', {
      title: XSS.title2, status: 'PUBLISHED', year: 2023, authors: [{ name: XSS.coauthor }],
    });
  }

  // A page whose handlers would report through xssHit(); with `csp: false`
  // the browser ignores the gateway's Content-Security-Policy, so only the
  // page's own escaping stands between the data and the DOM.
  async function hostilePage(csp) {
    const page = await newPage(csp ? {} : { bypassCSP: true }, { track: false });
    await page.context().addInitScript(() => {
      window.xssHit = (tag) => { (window.__xss = window.__xss || []).push(tag); };
    });
    return page;
  }

  // Whether an inline script element runs in this page: false under the
  // gateway's CSP, true with bypassCSP. Proves the CSP-off runs really are.
  async function inlineScriptRuns(page) {
    return page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true;';
      document.body.appendChild(s);
      s.remove();
      return window.__inlineRan === true;
    });
  }

  // Once `page` is idle: no injected code ran, the document holds nothing of
  // the payload (assertInert, with `head` as its head), and the page had no
  // script errors, CSP reports or dialogs, and asked no other host. Returns
  // what inspectDocument found.
  async function assertPageInert(page, mode, head) {
    await page.waitForLoadState('networkidle');
    const result = await page.evaluate(inspectDocument);
    assertInert(result, mode, head, origin);
    assert.deepEqual(page.errors, [], `${mode}: script errors, CSP reports or dialogs`);
    assert.deepEqual(page.foreign, [], `${mode}: requests to other hosts`);
    return result;
  }

  for (const csp of [true, false]) {
    const mode = csp ? 'with the CSP' : 'with the CSP off (bypassCSP)';

    it(`shows stored hostile text as text everywhere on the page, ${mode}`, async () => {
      await storeHostileProfile();
      const page = await hostilePage(csp);
      assert.equal(await openProfile(page, '/p/xss-test'), 'ready');
      const result = await assertPageInert(page, mode, HEAD_WITH_PERSON);

      // Every hostile text is shown, as the text it is, where it belongs.
      const shown = await page.evaluate(() => {
        const text = (sel) => document.querySelector(sel).textContent;
        const attr = (sel, a) => document.querySelector(sel).getAttribute(a);
        const meta = (sel) => document.querySelector(sel).content;
        return {
          title: document.title,
          description: meta('meta[name="description"]'),
          ogTitle: meta('meta[property="og:title"]'),
          ogDescription: meta('meta[property="og:description"]'),
          ogImage: meta('meta[property="og:image"]'),
          brand: text('#brand'),
          footer: text('#footer-text').split(' \u00b7 ')[0],
          name: text('h1.profile-name'),
          office: text('.profile-office').trim(),
          email: text('.profile-email').trim(),
          linkLabels: [...document.querySelectorAll('.profile-links a')].map((a) => a.getAttribute('aria-label')),
          photoAlt: attr('.profile-photo', 'alt'),
          bio: text('.bio-text'),
          news: text('.news-item'),
          institution: text('#education .entry-title'),
          eduRole: text('#education .entry-role'),
          logoAlt: attr('#education .entry-logo', 'alt'),
          organization: text('#experience .entry-title'),
          expRole: text('#experience .entry-role'),
          expNotes: text('#experience .entry-notes'),
          expLogos: document.querySelectorAll('#experience img').length,
          pubTitle: text('.publication-title'),
          authors: text('.publication-authors'),
          venue: text('.publication-venue'),
          pubLink: text('.publication-link').trim(),
          badges: [...document.querySelectorAll('#publications .badge')].map((b) => b.textContent),
          abstract: text('#publications .publication-abstract p'),
          derived: [...document.querySelectorAll('#publications .publication-link[data-kind="DOI"]')]
            .map((a) => a.getAttribute('href')),
          coauthor: [...document.querySelectorAll('#publications .publication-authors a')]
            .map((a) => [a.textContent, a.getAttribute('href')]),
          titles: [...document.querySelectorAll('.publication-title')].map((e) => e.textContent),
        };
      });
      const bioText = `${XSS.bio.split('\n\n')[0]} md link ${XSS_BLOCK}`;
      assert.deepEqual(shown, {
        title: `${XSS.name} \u2013 ${XSS.headline}, ${XSS.affiliation}`,
        description: bioText,
        ogTitle: XSS.name,
        ogDescription: bioText,
        ogImage: new URL(XSS.photoUrl, origin).href,
        brand: XSS.name,
        footer: `\u00a9 ${new Date().getUTCFullYear()} ${XSS.name}`,
        name: XSS.name,
        office: `Office: ${XSS.office}`,
        email: "Work Email: x'onmouseover=xssHit('em')' [at] example [dot] org",
        linkLabels: [XSS.linkLabel, 'Mail', 'Link'],
        photoAlt: XSS.alt,
        bio: `${XSS.bio.split('\n\n')[0]}\nmd link\n${XSS_BLOCK}\n`,
        news: `[01/2024] ${XSS.news.replace(/\[news link\]\(.*\)$/, 'news link')}`,
        institution: XSS.institution,
        eduRole: `${XSS.degree} (${XSS.notes}), advised by ${XSS_HONORIFIC} ${XSS.advisor}`,
        logoAlt: XSS.logoAlt,
        organization: XSS.organization,
        expRole: XSS.role,
        expNotes: `${xss('expnotes')}\n!remote\n`,
        expLogos: 0,
        pubTitle: XSS.title,
        authors: `*${XSS.author1}, ${XSS.author2}`,
        venue: `Under Submission to ${XSS.venue}`,
        pubLink: XSS.pubLabel,
        badges: [XSS.venueShort, 'Conference paper', XSS.award],
        abstract: XSS.abstract,
        derived: ['https://doi.org/10.1002/x%22%3E%3Csvg/data-xss%3Ddoi/onload%3DxssHit(\'doi\')%3E'],
        coauthor: [[XSS.author2, new URL(XSS.authorUrl).href], [XSS.coauthor, new URL(XSS.coauthorUrl).href]],
        titles: [XSS.title, XSS.title, XSS.title2],
      });
      // The JSON-LD block holds the same strings, as data.
      assert.deepEqual(JSON.parse(result.live.jsonld), {
        '@context': 'https://schema.org',
        '@type': 'ProfilePage',
        mainEntity: {
          '@type': 'Person',
          name: XSS.name,
          alternateName: [XSS.variant],
          jobTitle: XSS.headline,
          affiliation: { '@type': 'Organization', name: XSS.affiliation },
          description: bioText,
          image: new URL(XSS.photoUrl, origin).href,
          url: `${origin}/p/xss-test`,
          email: XSS_EMAIL,
          workLocation: { '@type': 'Place', address: XSS.office },
          knowsAbout: [XSS.interest],
          alumniOf: [{ '@type': 'EducationalOrganization', name: XSS.institution }],
          sameAs: [new URL(XSS.linkUrl).href],
        },
      });


      // A hostile search in the address: shown in the search field as text.
      assert.equal(await openProfile(page, `/p/xss-test?q=${encodeURIComponent(XSS.query)}`), 'ready');
      await assertPageInert(page, `${mode}, hostile search`, HEAD_WITH_PERSON);
      assert.deepEqual(await page.evaluate(() => [document.getElementById('publication-search').value,
        document.querySelector('.publication-count').textContent]), [XSS.query, '0 of 2 publications']);
      assert.equal(await inlineScriptRuns(page), !csp, `${mode}: an inline <script> runs`);
    });

    it(`shows research interests and headline of a profile without bio as text, ${mode}`, async () => {
      await create('/v1/profiles?profileId=xss-nobio', {
        displayName: XSS.name, headline: XSS.headline, affiliation: '<b>Bold</b> University',
        researchInterests: [XSS.interest, xss('interest2')],
      }, '/v1/profiles/xss-nobio?force=true');
      const page = await hostilePage(csp);
      assert.equal(await openProfile(page, '/p/xss-nobio'), 'ready');
      await assertPageInert(page, mode, HEAD_WITH_PERSON);
      assert.deepEqual(await page.evaluate(() => [
        document.querySelector('.profile-headline').textContent,
        document.querySelector('.interests').textContent,
        document.querySelector('meta[name="description"]').content,
      ]), [
        `${XSS.headline}, <b>Bold</b> University`,
        `Research interests: ${XSS.interest}, ${xss('interest2')}`,
        `${XSS.headline}, <b>Bold</b> University`,
      ]);
      assert.equal(await inlineScriptRuns(page), !csp, `${mode}: an inline <script> runs`);
    });

    it(`shows a hostile profile name from the address in the status area as text, ${mode}`, async () => {
      // No "/" in it: a profile name is one path segment.
      const id = "<img src=x data-xss=id onerror=xssHit('id')>\"><svg data-xss=id onload=xssHit('id')>'>";
      const page = await hostilePage(csp);
      assert.equal(await openProfile(page, '/p/' + encodeURIComponent(id)), 'not-found');
      await assertPageInert(page, mode, HEAD);
      assert.deepEqual(await page.evaluate(() => [document.title,
        document.querySelector('#status .status-title').textContent,
        document.querySelector('#status .status-text').textContent,
        document.getElementById('brand').textContent]),
      ['Profile not found \u00b7 Vita', 'Profile not found',
        `\u201c${id}\u201d is not a valid profile name.`, 'Vita']);
      assert.equal(await inlineScriptRuns(page), !csp, `${mode}: an inline <script> runs`);
    });

    // The status area also shows the server's error message.
    it(`shows a hostile error message in the status area as text, ${mode}`, async () => {
      const message = xss('message');
      const page = await hostilePage(csp);
      await page.route('**/v1/profiles/hexu-zhao/page', (route) => route.fulfill({
        status: 500, contentType: 'application/json', body: JSON.stringify({ code: 13, message }),
      }));
      assert.equal(await openProfile(page), 'error');
      await assertPageInert(page, mode, HEAD);
      assert.deepEqual(await page.evaluate(() => [document.title,
        document.querySelector('#status .status-title').textContent,
        document.querySelector('#status .status-text').textContent]),
      ['The page could not be loaded \u00b7 Vita', 'The page could not be loaded',
        `The server answered with HTTP 500: ${message}.`]);
      assert.equal(await inlineScriptRuns(page), !csp, `${mode}: an inline <script> runs`);
    });

    // Defence in depth: a page from another (older, or broken) server may
    // hold what this server refuses. The real page JSON is fetched, the unsafe
    // links are put in, and the browser gets that instead.
    it(`renders unsafe links it is sent as plain text, ${mode}`, async () => {
      const real = await (await fetch(`${origin}/v1/profiles/hexu-zhao/page`)).json();
      real.profile.bio = linkPayloads.map(([text]) => text).join('\n\n');
      real.news[0].text = linkPayloads.map(([text]) => text).join(' ');
      real.profile.links.push({ kind: 'OTHER', url: 'JaVaScRiPt:window.__xss=9', label: 'evil' });
      real.profile.office.mapUrl = 'javascript:window.__xss=10';
      real.publications[0].links.push({ kind: 'PDF', url: 'data:text/html,<b>x</b>' });
      const page = await hostilePage(csp);
      await page.route('**/v1/profiles/hexu-zhao/page', (route) =>
        route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(real) }));
      assert.equal(await openProfile(page), 'ready');
      await assertPageInert(page, mode, HEAD_WITH_PERSON);
      assert.deepEqual(await page.evaluate(() => ({
        bio: [...document.querySelectorAll('.bio-text p')].map((p) => p.textContent),
        news: document.querySelector('.news-text').textContent,
        lastIcon: document.querySelector('.profile-links li:last-child').textContent.trim(),
        lastIconTag: document.querySelector('.profile-links li:last-child > *').tagName,
        office: document.querySelector('.profile-office').textContent.trim(),
        officeLinks: document.querySelectorAll('.profile-office a').length,
        pubLinks: [...document.querySelectorAll('.publication')][0].querySelectorAll('.publication-links a').length,
        pdf: [...document.querySelectorAll('.publication')][0]
          .querySelector('.publication-links > :last-child').outerHTML,
      })), {
        bio: linkPayloads.map(([text]) => text),
        news: linkPayloads.map(([text]) => text).join(' '),
        lastIcon: 'evil',
        lastIconTag: 'SPAN',
        office: 'Office: 424, 60 5th Ave, New York, NY 10011',
        officeLinks: 0,
        pubLinks: 3,
        pdf: '<span class="publication-link unlinked" data-kind="PDF">' +
          '<svg class="icon" aria-hidden="true" focusable="false" width="1em" height="1em">' +
          '<use href="#fa-file-pdf"></use></svg> PDF</span>',
      });
      assert.equal(await inlineScriptRuns(page), !csp, `${mode}: an inline <script> runs`);
    });
  }

  // ------------------------------------------------ data embedded in the HTML

  // The HTML the server-side publisher will send for /p/hexu-zhao: index.html
  // as the gateway serves it, with the page data in a
  // <script type="application/json" id="vita-page"> before the page's
  // script, which ends the body ("<" written as \u003c, so no text can end
  // the element). The gateway's response is kept (its headers, the CSP among
  // them); only the body is changed.
  async function withEmbeddedData(page, data) {
    const json = JSON.stringify(data).replace(/</g, '\\u003c');
    await page.route('**/p/hexu-zhao', async (route) => {
      const response = await route.fetch();
      const html = await response.text();
      const app = /<script>[\s\S]*?<\/script>\s*<\/body>/;
      assert.match(html, app);
      route.fulfill({ response, body: html.replace(app,
        (tail) => `<script type="application/json" id="vita-page">${json}</script>\n${tail}`) });
    });
    const requested = [];
    page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    return requested;
  }

  it('goes to the section the address names (#publications, #news)', async () => {
    const real = await (await fetch(`${origin}/v1/profiles/hexu-zhao/page`)).json();
    for (const [fragment, id] of [['#publications', 'publications'], ['#news', 'news'], ['#no-such-id', null]]) {
      const page = await newPage({ viewport: { width: 1280, height: 700 } });
      await withEmbeddedData(page, { page: real, html: {} });
      assert.equal(await openProfile(page, `/p/hexu-zhao${fragment}`), 'ready');
      const at = await page.evaluate((i) => ({ y: scrollY, top: i && document.getElementById(i).getBoundingClientRect().top }), id);
      if (id) {
        assert.ok(at.y > 0 && Math.abs(at.top) < 2, `${fragment}: ${JSON.stringify(at)}`);
      } else {
        assert.equal(at.y, 0, fragment);
      }
      await page.context().close();
    }
  });

  it('renders from the data embedded in the HTML, without requesting the data or markdown-it', async () => {
    const real = await (await fetch(`${origin}/v1/profiles/hexu-zhao/page`)).json();
    // A Markdown field the map has no HTML for: shown as its text.
    real.profile.experience[0].notes = 'Plain *text* <b>x</b>';
    const page = await newPage();
    const requested = await withEmbeddedData(page, { page: real, html: {
      'profiles/hexu-zhao#bio': '<p>Server-rendered <em>bio</em> with <a href="https://example.org/a">a link</a>.</p>\n',
      'profiles/hexu-zhao/news/deepspeed-internship#text': '<p>Server-rendered <strong>news</strong>.</p>\n',
      'profiles/hexu-zhao#education[1].notes': '<p>Yao <em>Class</em></p>\n',
    } });
    assert.equal(await openProfile(page), 'ready');
    await page.waitForLoadState('networkidle');
    // The document (its style sheet and script inline) and pictures:
    // nothing else.
    assert.deepEqual(requested.filter((u) => !u.startsWith('/assets/')), ['/p/hexu-zhao']);
    assert.deepEqual(await page.evaluate(() => ({
      bio: document.querySelector('.bio-text').innerHTML,
      news: document.querySelector('.news-item').innerHTML,
      eduRoles: [...document.querySelectorAll('#education .entry-role')].map((e) => e.textContent),
      expNotes: document.querySelector('#experience .entry-notes').innerHTML,
      description: document.querySelector('meta[name=description]').content,
      title: document.title,
      name: document.querySelector('h1').textContent,
      pubs: document.querySelectorAll('.publication').length,
    })), {
      bio: '<p>Server-rendered <em>bio</em> with <a href="https://example.org/a" rel="noopener noreferrer">' +
        'a link</a>.</p>\n',
      news: '<span class="news-date">[03/2024]</span> <span class="markdown news-text">Server-rendered ' +
        '<strong>news</strong>.</span>',
      eduRoles: [DEMO.education[0].role, 'B.Eng. in Computer Science (Yao Class)'],
      expNotes: 'Plain *text* &lt;b&gt;x&lt;/b&gt;',
      description: 'Server-rendered bio with a link.',
      title: DEMO.title,
      name: DEMO.name,
      pubs: 4,
    });
  });

  for (const csp of [true, false]) {
    const mode = csp ? 'with the CSP' : 'with the CSP off (bypassCSP)';
    it(`keeps only CommonMark's elements and safe links of hostile HTML in the embedded data, ${mode}`, async () => {
      const real = await (await fetch(`${origin}/v1/profiles/hexu-zhao/page`)).json();
      const page = await hostilePage(csp);
      await withEmbeddedData(page, { page: real, html: {
        'profiles/hexu-zhao#bio': '<p>ok <script data-xss=s1>xssHit(\'s1\')</script>' +
          '<img src=x data-xss=img onerror=xssHit(\'img\')> <a href="javascript:xssHit(\'js\')">js link</a> ' +
          '<a href="https://example.org/ok" onclick="xssHit(\'click\')" style="color:red" data-xss=a>fine</a></p>' +
          '<svg data-xss=svg onload=xssHit(\'svg\')><a href="https://example.org/svg">in svg</a></svg>' +
          '<iframe data-xss=if src="javascript:xssHit(\'if\')"></iframe>' +
          '<form data-xss=form action="https://example.org/f"><button>b</button></form>' +
          '<base href="https://203.0.113.1/"><ol start="3" onclick="xssHit(\'ol\')"><li>three</li></ol>' +
          '<p><img src="/assets/demo/photo.svg" alt="local pic"> <a href=" javascript:xssHit(\'sp\')">spaced</a> ' +
          '<a href="//203.0.113.1/x">proto-relative</a> <a href="/p/x" title="t">path</a></p>',
        'profiles/hexu-zhao/news/deepspeed-internship#text': '<p>news <a href="data:text/html,x">data</a> ' +
          '<a href="vbscript:x">vb</a> <a href="mailto:a@example.org">mail</a> ' +
          '<a href="http://example.org/&quot;onmouseover=&quot;xssHit(\'q\')">q</a></p>',
        'profiles/hexu-zhao#education[1].notes': '<h1>H</h1><pre><code class="language-js">c</code></pre>' +
          '<blockquote><p>q</p></blockquote><table data-xss=t><tr><td>cell</td></tr></table>',
        'profiles/hexu-zhao#experience[0].notes': '<p>experience notes the data does not have</p>',
      } });
      assert.equal(await openProfile(page), 'ready');
      await page.waitForLoadState('networkidle');
      assertInert(await page.evaluate(inspectDocument), mode, HEAD_WITH_PERSON, origin, ['application/json']);
      // Chromium reports the handlers and style attributes of the inert
      // <template> copy as CSP violations while parsing it (nothing runs:
      // no xssHit above); any other report, error or dialog fails.
      const parsed = /^console: (Executing inline event handler|Applying inline style) violates/;
      assert.deepEqual(page.errors.filter((e) => !parsed.test(e)), [],
        `${mode}: script errors, CSP reports or dialogs`);
      assert.equal(page.errors.length > 0, csp, `${mode}: the inert copy's attributes are reported`);
      assert.deepEqual(page.foreign, [], `${mode}: requests to other hosts`);
      assert.deepEqual(await page.evaluate(() => ({
        bio: document.querySelector('.bio-text').innerHTML,
        news: document.querySelector('.news-text').innerHTML,
        eduNotes: document.querySelectorAll('#education .entry-notes')[0].innerHTML,
        expNotes: document.querySelectorAll('#experience .entry-notes').length,
      })), {
        bio: '<p>ok xssHit(\'s1\') js link <a href="https://example.org/ok" rel="noopener noreferrer">fine</a>' +
          '</p>in svgb<ol start="3"><li>three</li></ol><p>local pic spaced proto-relative ' +
          '<a href="/p/x" title="t">path</a></p>',
        news: 'news data vb <a href="mailto:a@example.org">mail</a> <a href="http://example.org/%22onmouseover=' +
          '%22xssHit(\'q\')" rel="noopener noreferrer">q</a>',
        eduNotes: '<h1>H</h1><pre><code>c</code></pre><blockquote><p>q</p></blockquote>cell',
        expNotes: 0,
      });
      assert.equal(await inlineScriptRuns(page), !csp, `${mode}: an inline <script> runs`);
    });
  }

  it('keeps the order and the owner marks the server sends, and re-sorts or re-derives nothing', async () => {
    const real = await (await fetch(`${origin}/v1/profiles/hexu-zhao/page`)).json();
    real.publications.reverse();
    // The owner's name, not marked by the server: not underlined.
    real.publications[0].authors.forEach((a) => { a.isOwner = false; });
    real.news.push({ name: 'profiles/hexu-zhao/news/newer-but-last', date: { year: 2099, month: 1 },
      text: 'Newer, pinned, but sent last.', pinned: true });
    const page = await newPage();
    await page.route('**/v1/profiles/hexu-zhao/page', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(real) }));
    assert.equal(await openProfile(page), 'ready');
    assert.deepEqual(await page.evaluate(() => ({
      news: [...document.querySelectorAll('.news-item')].map((li) => li.textContent),
      titles: [...document.querySelectorAll('.publication-title')].map((e) => e.textContent),
      owners: [...document.querySelectorAll('.publication')]
        .map((li) => [...li.querySelectorAll('u')].map((u) => u.textContent)),
    })), {
      news: [...DEMO.news, '[01/2099] Newer, pinned, but sent last.'],
      titles: ['Development of a Doctor-in-the-loop Interpretation Framework for Insulin Titration in ' +
        'Diabetes: a Proof-of-concept Study', 'Fully Hyperbolic Neural Networks',
      'On Optimizing the Communication of Model Parallelism', 'On Scaling Up 3D Gaussian Splatting Training'],
      owners: [[], ['Hexu Zhao'], ['*Hexu Zhao'], ['Hexu Zhao']],
    });
  });

  it('writes "et al." after an author list that is cut short, and only there', async () => {
    await create('/v1/profiles/hexu-zhao/publications?publicationId=web-test-etal', {
      title: 'A Paper With Many Authors', status: 'PREPRINT', year: 2099,
      authors: [{ name: 'Hexu Zhao', isOwner: true }, { name: 'Jane Doe' }], moreAuthors: true,
    }, '/v1/profiles/hexu-zhao/publications/web-test-etal');
    const page = await newPage();
    assert.equal(await openProfile(page), 'ready');
    assert.deepEqual(await page.$$eval('.publication-authors', (ps) => ps.map((p) => p.textContent)),
      [...DEMO.publications.map((p) => p.authors), 'Hexu Zhao, Jane Doe, et al.']);
    // Unpinned, it follows the demo's pinned papers.
    assert.equal(await page.$$eval('.publication-venue', (vs) => vs[vs.length - 1].textContent),
      'Preprint');
  });

  it('leaves out the sections a profile has nothing for', async () => {
    await create('/v1/profiles?profileId=just-a-name', { displayName: 'Just A. Name' },
      '/v1/profiles/just-a-name?force=true');
    const page = await newPage();
    assert.equal(await openProfile(page, '/p/just-a-name'), 'ready');
    assert.equal(await page.textContent('.profile-name'), 'Just A. Name');
    assert.equal(await page.locator('#page section').count(), 0);
    await api('POST', '/v1/profiles/just-a-name/news?newsItemId=hello',
      { date: { year: 2025, month: 1 }, text: 'Hello.' });
    await api('PATCH', '/v1/profiles/just-a-name?updateMask=experience', {
      experience: [{ organization: 'Somewhere', role: 'Intern', start: { year: 2024, month: 5 } }],
    });
    await reloadReady(page);
    assert.deepEqual(await page.$$eval('#page section h2', (hs) => hs.map((h) => h.textContent)),
      ['News', 'Experience']);
  });

  // ------------------------------------------------ publications: selected, years, filter

  // A profile whose publications use every field the page shows for a
  // paper, imported with the real `vita import` (ImportPage). None is
  // pinned, so the server lists them newest first: a (May 2025), b (Feb.
  // 2025), c (2023), d (2021).
  const LI = 'https://www.news.cs.nyu.edu/~jinyang/';
  const PANDA_OWN = 'https://panda.example.org/';
  const LAB = {
    profile: {
      name: 'profiles/pub-lab', displayName: 'Ana Lab',
      coauthors: [{ name: 'Jinyang Li', nameVariants: ['J. Li'], url: LI },
        { name: 'Aurojit Panda', url: 'https://cs.nyu.edu/~apanda/' }],
    },
    publications: [
      { name: 'profiles/pub-lab/publications/a-gaussian', title: 'Gaussian Splatting at Scale',
        authors: [{ name: 'Ana Lab', isOwner: true }, { name: 'J. Li' },
          { name: 'Aurojit Panda', url: PANDA_OWN }],
        venue: 'International Conference on Learning Representations', venueShort: 'ICLR 2025',
        type: 'CONFERENCE_PAPER', awards: ['Oral', 'Best Paper Award'], status: 'PUBLISHED',
        year: 2025, date: { year: 2025, month: 5 }, selected: true,
        doi: '10.1145/3620666.3651380', arxivId: '2406.18533',
        abstract: 'We train 3D Gaussian Splatting on many GPUs at once.' },
      { name: 'profiles/pub-lab/publications/b-optimizer',
        title: 'A Communication Optimizer for Model Parallelism',
        authors: [{ name: 'Jinyang Li' }, { name: 'Ana Lab', isOwner: true }],
        venue: 'Journal of Parallel Systems', type: 'JOURNAL_ARTICLE', status: 'PUBLISHED',
        year: 2025, date: { year: 2025, month: 2 }, doi: '10.1000/jps.2025.7',
        links: [{ kind: 'DOI', url: 'https://dl.acm.org/doi/10.1000/jps.2025.7' }] },
      { name: 'profiles/pub-lab/publications/c-hyperbolic', title: 'Fully Hyperbolic Networks',
        authors: [{ name: 'Ana Lab', isOwner: true }, { name: 'Zhiyuan Liu' }], venue: 'ACL 2023',
        type: 'CONFERENCE_PAPER', status: 'PUBLISHED', year: 2023, selected: true },
      { name: 'profiles/pub-lab/publications/d-thesis', title: 'Gaussian Processes for Scheduling',
        authors: [{ name: 'Ana Lab', isOwner: true }], venue: 'Tsinghua University', type: 'THESIS',
        status: 'PUBLISHED', year: 2021 },
    ],
  };
  const [PA, PB, PC, PD] = LAB.publications.map((p) => p.title);

  // Imports LAB with `vita import` (deleted after the test).
  async function storeLab(lab = LAB) {
    const file = path.join(server.dir, 'pub-lab.json');
    fs.writeFileSync(file, JSON.stringify(lab));
    cleanups.push(() => api('DELETE', '/v1/profiles/pub-lab?force=true'));
    const r = await S.vita(server.address, ['import', file]);
    assert.equal(r.code, 0, `vita import: ${r.stderr}`);
  }

  // What the reader sees of the publications: the headings of both
  // sections, each visible group's year and titles, the count line, the
  // empty-result line, the filter's chips and the address's query.
  const seenPublications = (page) => page.evaluate(() => {
    const shown = (e) => e && !e.hidden && e.getClientRects().length > 0;
    const text = (e) => e.textContent;
    const pubs = document.getElementById('publications');
    return {
      headings: [...document.querySelectorAll('#page h2, #page h3, #page h4')]
        .map((e) => `${e.tagName} ${e.textContent}`),
      selected: [...document.querySelectorAll('#selected-publications .publication')]
        .filter(shown).map((li) => li.querySelector('.publication-title').textContent),
      groups: [...pubs.querySelectorAll('.publication-list')].filter(shown).map((ol) => [
        ol.parentElement.querySelector('.publication-year')?.textContent ?? '',
        [...ol.children].filter(shown).map((li) => li.querySelector('.publication-title').textContent)]),
      count: shown(pubs.querySelector('.publication-count')) ? text(pubs.querySelector('.publication-count')) : null,
      empty: shown(pubs.querySelector('.publication-empty')) ? text(pubs.querySelector('.publication-empty')) : null,
      query: document.getElementById('publication-search').value,
      pressed: [...pubs.querySelectorAll('.chip[aria-pressed="true"]')].map(text),
      chips: [...pubs.querySelectorAll('.chips')].map((g) => [g.getAttribute('aria-label'),
        [...g.querySelectorAll('.chip')].map(text)]),
      search: location.search,
    };
  });

  // Presses Tab until `selector` has the focus (at most 40 times).
  async function tabTo(page, selector) {
    for (let i = 0; i < 40; i += 1) {
      await page.keyboard.press('Tab');
      if (await page.evaluate((s) => document.activeElement.matches(s), selector)) return;
    }
    assert.fail(`Tab never reached ${selector}`);
  }

  it('shows "Selected publications", then all publications grouped by year, headings nested', async () => {
    await storeLab();
    const page = await newPage();
    assert.equal(await openProfile(page, '/p/pub-lab'), 'ready');
    const seen = await seenPublications(page);
    assert.deepEqual(seen.headings, ['H2 Selected publications', `H3 ${PA}`, `H3 ${PC}`,
      'H2 Publications', 'H3 2025', `H4 ${PA}`, `H4 ${PB}`, 'H3 2023', `H4 ${PC}`, 'H3 2021', `H4 ${PD}`]);
    assert.deepEqual(seen.selected, [PA, PC]);
    assert.deepEqual(seen.groups, [['2025', [PA, PB]], ['2023', [PC]], ['2021', [PD]]]);
    assert.equal(seen.count, '4 publications');
    assert.deepEqual(seen.chips, [['Year', ['2025', '2023', '2021']],
      ['Type', ['Conference paper', 'Journal article', 'Thesis']]]);
    assert.deepEqual(await page.$$eval('#page > section', (ss) => ss.map((s) => [s.id,
      s.getAttribute('aria-labelledby')])), [['selected-publications', 'selected-publications-title'],
      ['publications', 'publications-title']]);
    await page.screenshot({ path: path.join(S.SCREENSHOT_DIR, 'publications.png'), fullPage: true });
  });

  it('shows type, short venue and award badges, DOI and arXiv links, and co-author links', async () => {
    await storeLab();
    const page = await newPage();
    assert.equal(await openProfile(page, '/p/pub-lab'), 'ready');
    const pubs = await page.$$eval('#publications .publication', (lis) => lis.map((li) => {
      const venue = li.querySelector('.publication-venue');
      const badges = [...li.querySelectorAll('.badge')];
      return {
        venue: venue.textContent,
        badges: badges.map((b) => [b.className, b.textContent]),
        // The badges sit on the venue's line, after it.
        beside: badges.every((b) => Math.abs(b.getBoundingClientRect().top - venue.getBoundingClientRect().top) < 6 &&
          b.getBoundingClientRect().left > venue.getBoundingClientRect().right),
        links: [...li.querySelectorAll('.publication-link')].map((a) => [a.dataset.kind, a.getAttribute('href'),
          a.textContent.trim(), a.querySelector('svg.icon use').getAttribute('href')]),
        authors: [...li.querySelector('.publication-authors').children].map((e) => [e.tagName, e.textContent,
          e.getAttribute('href')]),
      };
    }));
    assert.deepEqual(pubs, [
      { venue: 'International Conference on Learning Representations',
        badges: [['badge badge-venue', 'ICLR 2025'], ['badge badge-type', 'Conference paper'],
          ['badge badge-award', 'Oral'], ['badge badge-award', 'Best Paper Award']], beside: true,
        links: [['DOI', 'https://doi.org/10.1145/3620666.3651380', 'DOI', '#ai-doi'],
          ['ARXIV', 'https://arxiv.org/abs/2406.18533', 'arXiv', '#ai-arxiv']],
        authors: [['U', 'Ana Lab', null], ['A', 'J. Li', LI], ['A', 'Aurojit Panda', PANDA_OWN]] },
      // A stored DOI link: no second one from the DOI.
      { venue: 'Journal of Parallel Systems', badges: [['badge badge-type', 'Journal article']], beside: true,
        links: [['DOI', 'https://dl.acm.org/doi/10.1000/jps.2025.7', 'DOI', '#ai-doi']],
        authors: [['A', 'Jinyang Li', LI], ['U', 'Ana Lab', null]] },
      { venue: 'ACL 2023', badges: [['badge badge-type', 'Conference paper']], beside: true, links: [],
        authors: [['U', 'Ana Lab', null], ['SPAN', 'Zhiyuan Liu', null]] },
      { venue: 'Tsinghua University', badges: [['badge badge-type', 'Thesis']], beside: true, links: [],
        authors: [['U', 'Ana Lab', null]] },
    ]);
    // The same co-author link in the selected section.
    assert.deepEqual(await page.$$eval('#selected-publications .publication-authors a',
      (as) => as.map((a) => [a.textContent, a.getAttribute('href')])), [['J. Li', LI], ['Aurojit Panda', PANDA_OWN]]);
  });

  it('shows an abstract collapsed; the keyboard opens and closes it', async () => {
    await storeLab();
    const page = await newPage();
    assert.equal(await openProfile(page, '/p/pub-lab'), 'ready');
    const abstract = page.locator('#publications .publication-abstract');
    assert.equal(await abstract.count(), 1, 'only the paper with an abstract has one');
    const state = () => abstract.evaluate((d) => ({ open: d.open, summary: d.querySelector('summary').textContent,
      visible: d.querySelector('p').checkVisibility(), text: d.querySelector('p').textContent }));
    const closed = { open: false, summary: 'Abstract', visible: false,
      text: 'We train 3D Gaussian Splatting on many GPUs at once.' };
    assert.deepEqual(await state(), closed);
    await tabTo(page, '#publications .publication-abstract summary');
    await page.keyboard.press('Enter');
    assert.deepEqual(await state(), { ...closed, open: true, visible: true });
    await page.keyboard.press('Space');
    assert.deepEqual(await state(), closed);
  });

  it('filters by text, year and type with the keyboard alone, keeping the filter in the address', async () => {
    await storeLab();
    const page = await newPage();
    assert.equal(await openProfile(page, '/p/pub-lab'), 'ready');
    const entries = await page.evaluate(() => history.length);
    const all = [['2025', [PA, PB]], ['2023', [PC]], ['2021', [PD]]];

    await tabTo(page, '#publication-search');
    await page.keyboard.type('gaussian');
    let seen = await seenPublications(page);
    assert.deepEqual([seen.groups, seen.count, seen.empty, seen.search],
      [[['2025', [PA]], ['2021', [PD]]], '2 of 4 publications', null, '?q=gaussian']);
    assert.deepEqual(seen.selected, [PA, PC], 'the filter leaves the selected section alone');

    await page.keyboard.press('Tab'); // the first year chip, 2025
    await page.keyboard.press('Space');
    seen = await seenPublications(page);
    assert.deepEqual([seen.groups, seen.count, seen.pressed, seen.search],
      [[['2025', [PA]]], '1 of 4 publications', ['2025'], '?q=gaussian&year=2025']);
    await page.keyboard.press('Enter'); // pressed again: off
    seen = await seenPublications(page);
    assert.deepEqual([seen.count, seen.pressed, seen.search], ['2 of 4 publications', [], '?q=gaussian']);

    await tabTo(page, '.chip[data-key="thesis"]');
    await page.keyboard.press('Space');
    seen = await seenPublications(page);
    assert.deepEqual([seen.groups, seen.count, seen.pressed, seen.search],
      [[['2021', [PD]]], '1 of 4 publications', ['Thesis'], '?q=gaussian&type=thesis']);

    // Nothing matches: the list says so.
    await tabTo(page, '#publication-search');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('nerf');
    seen = await seenPublications(page);
    assert.deepEqual([seen.groups, seen.count, seen.empty, seen.search],
      [[], '0 of 4 publications', 'No publications match the filter.', '?q=nerf&type=thesis']);

    // Authors and venues are searched too.
    await page.keyboard.press('Control+A');
    await page.keyboard.type('panda');
    assert.deepEqual((await seenPublications(page)).groups, []); // type=thesis still on
    await tabTo(page, '.filter-clear');
    await page.keyboard.press('Enter');
    seen = await seenPublications(page);
    assert.deepEqual([seen.groups, seen.count, seen.query, seen.pressed, seen.search], [all, '4 publications', '', [], '']);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'publication-search');
    await page.keyboard.type('panda');
    assert.deepEqual((await seenPublications(page)).groups, [['2025', [PA]]]);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('parallel systems');
    assert.deepEqual((await seenPublications(page)).groups, [['2025', [PB]]]);

    // The address changed in place: no history entry per keystroke, and the
    // path stays the profile's.
    assert.equal(await page.evaluate(() => history.length), entries);
    assert.equal(new URL(page.url()).pathname, '/p/pub-lab');
    assert.equal(new URL(page.url()).search, '?q=parallel+systems');
  });

  it('restores the filter from the address', async () => {
    await storeLab();
    const page = await newPage();
    for (const [query, want] of [
      ['?q=gaussian&year=2025', { groups: [['2025', [PA]]], count: '1 of 4 publications', query: 'gaussian',
        pressed: ['2025'] }],
      ['?type=conference-paper', { groups: [['2025', [PA]], ['2023', [PC]]], count: '2 of 4 publications',
        query: '', pressed: ['Conference paper'] }],
      ['?q=Gaussian%20SCALE', { groups: [['2025', [PA]]], count: '1 of 4 publications', query: 'Gaussian SCALE',
        pressed: [] }],
      ['?year=1999', { groups: [], count: '0 of 4 publications', query: '', pressed: [] }],
    ]) {
      assert.equal(await openProfile(page, `/p/pub-lab${query}`), 'ready', query);
      const seen = await seenPublications(page);
      assert.deepEqual({ groups: seen.groups, count: seen.count, query: seen.query, pressed: seen.pressed }, want,
        query);
      assert.equal(seen.search, query, 'loading leaves the address as it is');
    }
  });

  it('puts publications without a year under "Forthcoming", first', async () => {
    // A paper without a year is stored with year 0 (publication.proto) and
    // listed before the dated ones; proto3 JSON leaves the field out.
    const yearless = structuredClone(LAB);
    delete yearless.publications[0].year;
    delete yearless.publications[0].date;
    await storeLab(yearless);
    const page = await newPage();
    assert.equal(await openProfile(page, '/p/pub-lab'), 'ready');
    let seen = await seenPublications(page);
    assert.deepEqual(seen.groups, [['Forthcoming', [PA]], ['2025', [PB]], ['2023', [PC]], ['2021', [PD]]]);
    assert.deepEqual(seen.chips[0], ['Year', ['Forthcoming', '2025', '2023', '2021']]);
    await page.click('.chip[data-key="forthcoming"]');
    seen = await seenPublications(page);
    assert.deepEqual([seen.groups, seen.search], [[['Forthcoming', [PA]]], '?year=forthcoming']);
  });

  it('has no serious or critical accessibility violation with the filter on and an abstract open (axe-core)', async () => {
    await storeLab();
    for (const colorScheme of ['light', 'dark']) {
      const page = await newPage({ colorScheme });
      assert.equal(await openProfile(page, '/p/pub-lab?q=gaussian&year=2025'), 'ready');
      await page.click('#publications .publication-abstract summary');
      assert.deepEqual(await axeViolations(page), [], colorScheme);
      await page.context().close();
    }
  });

  it('says so when the profile does not exist', async () => {
    const page = await newPage();
    const status = () => page.evaluate(() => ({
      title: document.title,
      text: [...document.getElementById('status').children].map((e) => e.textContent),
      retry: document.querySelectorAll('#status button').length,
      pageHidden: document.getElementById('page').hidden,
    }));
    assert.equal(await openProfile(page, '/p/no-such-profile'), 'not-found');
    assert.deepEqual(await status(), { title: 'Profile not found \u00b7 Vita',
      text: ['Profile not found', 'There is no profile \u201cno-such-profile\u201d on this site.'],
      retry: 0, pageHidden: true });
    assert.equal(await openProfile(page, '/p/Not_A_Valid_Id'), 'not-found');
    assert.deepEqual(await status(), { title: 'Profile not found \u00b7 Vita',
      text: ['Profile not found', '\u201cNot_A_Valid_Id\u201d is not a valid profile name.'],
      retry: 0, pageHidden: true });
  });

  // The serious and critical violations axe-core finds in the page as it is.
  async function axeViolations(page) {
    // Evaluated through the DevTools protocol, so the page's CSP allows it.
    await page.evaluate(fs.readFileSync(S.testRequire.resolve('axe-core/axe.min.js'), 'utf8'));
    const violations = await page.evaluate(async () => {
      const r = await window.axe.run(document, { resultTypes: ['violations'] });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact,
        nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
    });
    return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  }

  it('has no serious or critical accessibility violation (axe-core)', async () => {
    for (const colorScheme of ['light', 'dark']) {
      for (const viewport of [{ width: 1280, height: 900 }, { width: 360, height: 740 }]) {
        const page = await newPage({ colorScheme, viewport });
        assert.equal(await openProfile(page), 'ready');
        const bad = await axeViolations(page);
        assert.deepEqual(bad, [], `${colorScheme} ${viewport.width}px: ${JSON.stringify(bad)}`);
        await page.context().close();
      }
    }
  });

  it('loaded nothing from any other host, raised no script error, broke no CSP rule', () => {
    assert.deepEqual(foreignRequests, []);
    assert.deepEqual(pageErrors, []);
  });
});

describe('homepage with the server down', () => {
  let gw, browser, context;
  before(async () => {
    gw = await S.startGateway(`127.0.0.1:${await S.freePort()}`);
    browser = await S.launchBrowser();
  });
  afterEach(async () => {
    if (context) await context.close().catch(() => {});
    context = null;
  });
  after(async () => {
    try {
      if (browser) await browser.close();
    } finally {
      if (gw) await gw.stop();
    }
  });

  const status = (page) => page.evaluate(() => ({
    state: document.documentElement.dataset.state,
    text: [...document.getElementById('status').children].map((e) => e.textContent),
    retry: document.querySelectorAll('#status button.retry').length,
  }));

  it('says that the server is unavailable', async () => {
    context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(gw.url + '/p/hexu-zhao');
    await page.waitForFunction(() => document.documentElement.dataset.state);
    assert.deepEqual(await status(page), { state: 'unavailable',
      text: ['Server unavailable', 'The gateway is up, but the profile server cannot be reached ' +
        'right now. Please try again in a moment.', 'Try again'],
      retry: 1 });
  });

  it('says that the gateway is unreachable once it is gone', async () => {
    context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(gw.url + '/p/hexu-zhao');
    await page.waitForFunction(() => document.documentElement.dataset.state === 'unavailable');
    await gw.stop();
    gw = null;
    // The page's own retry button: fetch again without reloading.
    await page.click('#status button.retry');
    await page.waitForFunction(() => document.documentElement.dataset.state === 'offline', null,
      { timeout: 10000 }).catch(async () => assert.fail('"Try again" did not load again: state ' +
        await page.evaluate(() => document.documentElement.dataset.state)));
    assert.deepEqual(await status(page), { state: 'offline',
      text: ['Gateway unreachable', 'The site\u2019s gateway cannot be reached. Check your ' +
        'connection, or try again later.', 'Try again'],
      retry: 1 });
  });
});
