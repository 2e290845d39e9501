// The homepage in a real browser (Debian's Chromium via playwright-core),
// served by a real Envoy in front of a real vita-server seeded with
// deploy/demo/hexu-zhao.json. Expected texts come from the demo JSON.
'use strict';

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const S = require('./support');

const MONTHS = ['Jan.', 'Feb.', 'Mar.', 'Apr.', 'May', 'June', 'July', 'Aug.', 'Sept.', 'Oct.',
  'Nov.', 'Dec.'];
const pad2 = (n) => String(n).padStart(2, '0');
const monthYear = (d) => `${MONTHS[d.month - 1]} ${d.year}`;

// URLs of the links in a Markdown text, found by markdown-it itself.
function markdownLinks(text) {
  const md = S.webRequire('markdown-it')();
  const urls = [];
  const walk = (tokens) => tokens.forEach((t) => {
    if (t.type === 'link_open') urls.push(t.attrGet('href'));
    if (t.children) walk(t.children);
  });
  walk(md.parse(text, {}));
  return urls;
}

describe('homepage in Chromium', () => {
  let server, gw, browser, origin;
  const foreignRequests = [];
  const pageErrors = [];
  const demo = S.demoPage();

  async function newPage(options = {}) {
    const context = await browser.newContext({ colorScheme: 'light', ...options });
    context.on('request', (req) => {
      const u = req.url();
      if (!u.startsWith(origin + '/')) foreignRequests.push(u);
    });
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) pageErrors.push('console: ' + m.text());
    });
    page.on('dialog', (d) => {
      pageErrors.push('dialog: ' + d.message());
      d.dismiss();
    });
    return page;
  }

  async function openProfile(page, p = '/p/hexu-zhao') {
    await page.goto(origin + p);
    await page.waitForFunction(() => document.documentElement.dataset.state);
    return page.evaluate(() => document.documentElement.dataset.state);
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

  before(async () => {
    fs.mkdirSync(S.SCREENSHOT_DIR, { recursive: true });
    server = await S.startServer();
    gw = await S.startGateway(server.address);
    origin = gw.url;
    await S.waitForApi(origin);
    browser = await S.launchBrowser();
  });

  after(async () => {
    if (browser) await browser.close();
    if (gw) await gw.stop();
    if (server) await server.stop();
  });

  it('renders every section of the demo profile', async () => {
    const page = await newPage();
    assert.equal(await openProfile(page), 'ready');
    const p = demo.profile;

    assert.equal(await page.textContent('h1'), p.displayName);
    assert.equal(await page.title(), `${p.displayName} \u2013 ${p.headline}, ${p.affiliation}`);
    const photo = page.locator('.profile-photo');
    assert.equal(await photo.getAttribute('src'), p.photo.url);
    assert.equal(await photo.getAttribute('alt'), p.photo.altText);
    assert.ok(await photo.evaluate((img) => img.complete && img.naturalWidth > 0), 'photo loads');

    const office = page.locator('.profile-office a');
    assert.equal(await office.textContent(), p.office.address);
    assert.equal(await office.getAttribute('href'), new URL(p.office.mapUrl).href);

    const email = p.emails[0].address;
    const emailLink = page.locator('.profile-email a');
    assert.equal(await emailLink.textContent(),
      email.replace('@', ' [at] ').replaceAll('.', ' [dot] '));
    assert.equal(await emailLink.getAttribute('href'), 'mailto:' + email);
    assert.equal(await page.locator('body').evaluate((b, e) => b.innerText.includes(e), email),
      false, 'the plain address is not shown');

    const links = await page.$$eval('.profile-links li', (lis) => lis.map((li) => ({
      kind: li.dataset.kind,
      href: li.querySelector('a') && li.querySelector('a').getAttribute('href'),
      label: li.querySelector('a') && li.querySelector('a').getAttribute('aria-label'),
    })));
    assert.deepEqual(links.map((l) => l.kind), p.links.map((l) => l.kind));
    assert.deepEqual(links.map((l) => l.href), p.links.map((l) => new URL(l.url).href));
    links.forEach((l) => assert.ok(l.label, `${l.kind} has an accessible name`));

    // Bio: Markdown rendered, with every link of the text.
    const bioHrefs = await page.$$eval('#bio .bio-text a', (as) => as.map((a) => a.href));
    assert.deepEqual(bioHrefs, markdownLinks(p.bio).map((u) => new URL(u).href));
    const bioText = await page.textContent('#bio .bio-text');
    assert.ok(bioText.includes('3D Gaussian Splatting'));
    assert.doesNotMatch(bioText, /\]\(|\[NYU/, 'no raw Markdown left');

    // News, newest first.
    const news = await page.$$eval('.news-item', (lis) => lis.map((li) => li.textContent));
    assert.equal(news.length, demo.news.length);
    const sortedNews = [...demo.news].sort((a, b) =>
      (b.date.year * 100 + b.date.month) - (a.date.year * 100 + a.date.month));
    sortedNews.forEach((n, i) => {
      assert.equal(news[i], `[${pad2(n.date.month)}/${n.date.year}] ${n.text}`);
    });

    // Education and experience.
    const entries = async (id) => page.$$eval(`#${id} .entry`, (arts) => arts.map((a) => ({
      title: a.querySelector('.entry-title').textContent,
      dates: a.querySelector('.entry-dates') && a.querySelector('.entry-dates').textContent,
      role: a.querySelector('.entry-role').textContent,
      logoAlt: a.querySelector('.entry-logo') && a.querySelector('.entry-logo').alt,
      logoOk: !!a.querySelector('.entry-logo') && a.querySelector('.entry-logo').complete &&
        a.querySelector('.entry-logo').naturalWidth > 0,
      advisorLinks: [...a.querySelectorAll('.entry-role a')].map((x) => x.textContent),
      notes: a.querySelector('.entry-notes') && a.querySelector('.entry-notes').textContent.trim(),
    })));
    await page.waitForFunction(() => [...document.querySelectorAll('.entry-logo')]
      .every((img) => img.complete));
    const edu = await entries('education');
    assert.equal(edu.length, p.education.length);
    p.education.forEach((e, i) => {
      assert.equal(edu[i].title, e.institution);
      assert.equal(edu[i].dates,
        `${monthYear(e.start)} \u2013 ${e.end ? monthYear(e.end) : 'Present'}`);
      assert.ok(edu[i].role.startsWith(e.degree), edu[i].role);
      assert.deepEqual(edu[i].advisorLinks, (e.advisors || []).map((a) => a.name));
      assert.equal(edu[i].logoAlt, e.logo.altText);
      assert.ok(edu[i].logoOk, `${e.institution} logo loads`);
      if (e.notes) assert.equal(edu[i].notes, e.notes);
    });
    assert.equal(edu[0].dates, 'Sept. 2023 \u2013 Present');
    const exp = await entries('experience');
    assert.equal(exp.length, p.experience.length);
    p.experience.forEach((e, i) => {
      assert.equal(exp[i].title, e.organization);
      assert.equal(exp[i].role, e.role);
      assert.equal(exp[i].dates, `${monthYear(e.start)} \u2013 ${monthYear(e.end)}`);
      assert.ok(exp[i].logoOk);
    });

    // Publications in display order, owner underlined, equal contribution marked.
    const pubs = await page.$$eval('.publication', (lis) => lis.map((li) => ({
      title: li.querySelector('.publication-title').textContent,
      authors: li.querySelector('.publication-authors').textContent,
      owners: [...li.querySelectorAll('.publication-authors u')].map((u) => ({
        text: u.textContent, line: getComputedStyle(u).textDecorationLine,
      })),
      venue: li.querySelector('.publication-venue') && li.querySelector('.publication-venue').textContent,
      links: [...li.querySelectorAll('.publication-link')].map((a) => ({
        kind: a.dataset.kind, href: a.getAttribute('href'), text: a.textContent.trim(),
        icon: a.querySelector('i') && a.querySelector('i').className,
      })),
    })));
    const demoPubs = [...demo.publications].sort((a, b) => a.displayOrder - b.displayOrder);
    assert.equal(pubs.length, demoPubs.length);
    const icons = { ARXIV: /ai-arxiv/, CODE: /fa-github/, PROJECT_PAGE: /fa-link/,
      GOOGLE_SCHOLAR: /ai-google-scholar/ };
    demoPubs.forEach((d, i) => {
      const got = pubs[i];
      assert.equal(got.title, d.title);
      const expectedAuthors = d.authors.map((a) => (a.equalContribution ? '*' : '') + a.name);
      assert.equal(got.authors, expectedAuthors.join(', '));
      const owners = d.authors.filter((a) => a.isOwner);
      assert.equal(got.owners.length, owners.length, `${d.title}: one underlined owner`);
      assert.equal(got.owners.length, 1);
      assert.equal(got.owners[0].text, (owners[0].equalContribution ? '*' : '') + owners[0].name);
      assert.match(got.owners[0].line, /underline/);
      assert.ok(got.venue.includes(d.venue), got.venue);
      if (d.status === 'UNDER_SUBMISSION') assert.match(got.venue, /^Under submission to /);
      assert.deepEqual(got.links.map((l) => l.kind), d.links.map((l) => l.kind));
      got.links.forEach((l, j) => {
        assert.equal(l.href, new URL(d.links[j].url).href);
        assert.match(l.icon, icons[l.kind]);
      });
    });
    assert.equal(pubs[0].links.map((l) => l.text).join('|'), 'arXiv|Code|Project Page');

    // Head: meta description, Open Graph, schema.org Person.
    const head = await page.evaluate(() => ({
      description: document.querySelector('meta[name=description]').content,
      ogTitle: document.querySelector('meta[property="og:title"]').content,
      ogImage: document.querySelector('meta[property="og:image"]').content,
      ld: JSON.parse(document.querySelector('script[type="application/ld+json"]').textContent),
    }));
    assert.ok(head.description.startsWith('I am a Ph.D. student'), head.description);
    assert.equal(head.ogTitle, p.displayName);
    assert.equal(head.ogImage, origin + p.photo.url);
    assert.equal(head.ld['@type'], 'Person');
    assert.equal(head.ld.name, p.displayName);
    assert.equal(head.ld.email, p.emails[0].address);
    assert.ok(head.ld.sameAs.includes('https://github.com/TarzanZhao'));
    await page.context().close();
  });

  it('renders the icons with the icon fonts', async () => {
    const page = await newPage();
    await openProfile(page);
    await page.evaluate(() => document.fonts.ready);
    const fonts = await page.evaluate(() => ({
      brands: document.fonts.check('32px "Font Awesome 6 Brands"'),
      solid: document.fonts.check('900 32px "Font Awesome 6 Free"'),
      academicons: document.fonts.check('32px "Academicons"'),
      loaded: [...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family),
    }));
    assert.ok(fonts.brands && fonts.solid && fonts.academicons, JSON.stringify(fonts));
    assert.ok(fonts.loaded.some((f) => /Academicons/.test(f)), JSON.stringify(fonts.loaded));
    assert.ok(fonts.loaded.some((f) => /Font Awesome 6 Brands/.test(f)), JSON.stringify(fonts.loaded));
    const glyphs = await page.$$eval('i.icon', (is) => is.map((i) => {
      const before = getComputedStyle(i, '::before');
      return {
        cls: i.className,
        width: i.getBoundingClientRect().width,
        content: before.content,
        family: before.fontFamily,
      };
    }));
    assert.ok(glyphs.length >= demo.profile.links.length + 4);
    for (const g of glyphs) {
      assert.ok(g.width > 0, `${g.cls} has width`);
      assert.notEqual(g.content, 'none', g.cls);
      assert.match(g.family, /Font Awesome|Academicons/, g.cls);
    }
    await page.context().close();
  });

  it('switches to dark mode and remembers it', async () => {
    const page = await newPage();
    await openProfile(page);
    const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(await bg(), 'rgb(255, 255, 255)');
    await page.screenshot({ path: path.join(S.SCREENSHOT_DIR, 'light.png'), fullPage: true });
    await page.click('#theme-toggle');
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
    assert.notEqual(await bg(), 'rgb(255, 255, 255)');
    assert.equal(await page.getAttribute('#theme-toggle', 'aria-pressed'), 'true');
    await page.reload();
    await page.waitForFunction(() => document.documentElement.dataset.state === 'ready');
    assert.equal(await page.evaluate(() => localStorage.getItem('vita-theme')), 'dark');
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
    assert.notEqual(await bg(), 'rgb(255, 255, 255)');
    await page.screenshot({ path: path.join(S.SCREENSHOT_DIR, 'dark.png'), fullPage: true });
    await page.click('#theme-toggle');
    assert.equal(await page.evaluate(() => localStorage.getItem('vita-theme')), 'light');
    assert.equal(await bg(), 'rgb(255, 255, 255)');
    await page.context().close();

    // Without a remembered choice the page follows the system.
    const dark = await newPage({ colorScheme: 'dark' });
    await openProfile(dark);
    assert.notEqual(await dark.evaluate(() => getComputedStyle(document.body).backgroundColor),
      'rgb(255, 255, 255)');
    await dark.context().close();
  });

  it('fits a 360px wide phone without horizontal scrolling', async () => {
    const page = await newPage({ viewport: { width: 360, height: 740 }, isMobile: true,
      hasTouch: true, deviceScaleFactor: 2 });
    await openProfile(page);
    const sizes = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
      widest: Math.max(...[...document.querySelectorAll('body *')]
        .map((e) => e.getBoundingClientRect().right)),
    }));
    assert.ok(sizes.scroll <= sizes.client, JSON.stringify(sizes));
    assert.ok(sizes.widest <= sizes.client + 0.5, JSON.stringify(sizes));
    await page.screenshot({ path: path.join(S.SCREENSHOT_DIR, 'phone.png'), fullPage: true });
    await page.context().close();
  });

  it('shows the default profile at "/"', async () => {
    const page = await newPage({ viewport: { width: 1400, height: 900 } });
    assert.equal(await openProfile(page, '/'), 'ready');
    assert.equal(await page.textContent('h1'), demo.profile.displayName);
    await page.screenshot({ path: path.join(S.SCREENSHOT_DIR, 'wide.png') });
    await page.context().close();
  });

  it('shows an edit made through the API after a reload', async () => {
    const page = await newPage();
    await openProfile(page);
    const text = `Edited through the API at ${Date.now()}.`;
    await api('POST', '/v1/profiles/hexu-zhao/news?newsItemId=web-test-edit',
      { date: { year: 2099, month: 12 }, text });
    await page.reload();
    await page.waitForFunction(() => document.documentElement.dataset.state === 'ready');
    const first = await page.textContent('.news-item');
    assert.equal(first, `[12/2099] ${text}`);
    assert.equal(await page.locator('.news-item').count(), demo.news.length + 1);
    await api('DELETE', '/v1/profiles/hexu-zhao/news/web-test-edit');
    await page.context().close();
  });

  it('does not run or link stored script payloads', async () => {
    const payloads = [
      '<script>window.__xss = 1</script>',
      '<img src=x onerror="window.__xss = 2">',
      '[click](javascript:window.__xss=3)',
      '[click2](JaVaScRiPt:window.__xss=4)',
      '[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
      '<a href="javascript:window.__xss=5">raw</a>',
      '![pic](/assets/demo/photo.svg) ![remote](http://203.0.113.1/x.png)',
      '<svg onload="window.__xss=6">',
      '[vb](vbscript:msgbox)',
    ];
    const evil = '<img src=x onerror="window.__xss=7">"><script>window.__xss=8</script>';
    await api('POST', '/v1/profiles?profileId=xss-test', {
      displayName: evil,
      headline: evil,
      affiliation: evil,
      bio: payloads.join('\n\n'),
      researchInterests: [evil],
      office: { address: evil },
      emails: [{ address: 'evil@example.com', kind: 'WORK' }],
      education: [{ institution: evil, degree: evil, notes: payloads.join('\n\n'),
        advisors: [{ name: evil }], start: { year: 2020, month: 1 } }],
      experience: [{ organization: evil, role: evil, start: { year: 2021 } }],
    });
    await api('POST', '/v1/profiles/xss-test/news?newsItemId=evil',
      { date: { year: 2024, month: 1 }, text: payloads.join(' ') });
    await api('POST', '/v1/profiles/xss-test/publications?publicationId=evil', {
      title: evil, venue: evil, status: 'PUBLISHED', year: 2024,
      authors: [{ name: evil, isOwner: true }, { name: evil, equalContribution: true }],
    });

    const page = await newPage();
    assert.equal(await openProfile(page, '/p/xss-test'), 'ready');
    const result = await page.evaluate(() => ({
      xss: window.__xss,
      scripts: document.querySelectorAll('#page script, #page img[src="x"], #page svg').length,
      handlers: [...document.querySelectorAll('#page *')].filter((e) =>
        [...e.attributes].some((a) => a.name.startsWith('on'))).length,
      hrefs: [...document.querySelectorAll('#page a')].map((a) => a.getAttribute('href')),
      text: document.getElementById('page').textContent,
      title: document.title,
    }));
    assert.equal(result.xss, undefined);
    assert.equal(result.scripts, 0);
    assert.equal(result.handlers, 0);
    for (const h of result.hrefs) {
      assert.match(h, /^(https?:|mailto:|\/(?!\/))/i, `only safe links: ${h}`);
    }
    assert.ok(result.text.includes('<script>window.__xss = 1</script>'), 'shown as text');
    assert.ok(result.text.includes(evil), 'text fields shown as text');
    assert.ok(result.title.includes(evil));
    await page.context().close();
  });

  it('says so when the profile does not exist', async () => {
    const page = await newPage();
    assert.equal(await openProfile(page, '/p/no-such-profile'), 'not-found');
    const status = await page.textContent('#status');
    assert.match(status, /Profile not found/);
    assert.match(status, /no-such-profile/);
    assert.equal(await page.isHidden('#page'), true);
    assert.equal(await openProfile(page, '/p/Not_A_Valid_Id'), 'not-found');
    await page.context().close();
  });

  it('has no serious or critical accessibility violation (axe-core)', async () => {
    const axeSource = fs.readFileSync(S.webRequire.resolve('axe-core/axe.min.js'), 'utf8');
    for (const colorScheme of ['light', 'dark']) {
      for (const viewport of [{ width: 1280, height: 900 }, { width: 360, height: 740 }]) {
        const page = await newPage({ colorScheme, viewport });
        await openProfile(page);
        // Evaluated through the DevTools protocol, so the page's CSP allows it.
        await page.evaluate(axeSource);
        const violations = await page.evaluate(async () => {
          const r = await window.axe.run(document, { resultTypes: ['violations'] });
          return r.violations.map((v) => ({ id: v.id, impact: v.impact,
            nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
        });
        const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
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
  let gw, browser;
  before(async () => {
    gw = await S.startGateway(`127.0.0.1:${await S.freePort()}`);
    browser = await S.launchBrowser();
  });
  after(async () => {
    if (browser) await browser.close();
    if (gw) await gw.stop();
  });

  it('says that the server is unavailable', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(gw.url + '/p/hexu-zhao');
    await page.waitForFunction(() => document.documentElement.dataset.state);
    assert.equal(await page.evaluate(() => document.documentElement.dataset.state), 'unavailable');
    assert.match(await page.textContent('#status'), /Server unavailable/);
    assert.equal(await page.locator('#status button.retry').count(), 1);
    await context.close();
  });

  it('says that the gateway is unreachable once it is gone', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(gw.url + '/p/hexu-zhao');
    await page.waitForFunction(() => document.documentElement.dataset.state);
    await gw.stop();
    gw = null;
    await page.evaluate(() => {
      document.documentElement.removeAttribute('data-state');
      // The page's own retry path: fetch again without reloading.
      window.dispatchEvent(new Event('vita-retry'));
    });
    await page.waitForFunction(() => document.documentElement.dataset.state);
    assert.equal(await page.evaluate(() => document.documentElement.dataset.state), 'offline');
    assert.match(await page.textContent('#status'), /Gateway unreachable/);
    await context.close();
  });
});
