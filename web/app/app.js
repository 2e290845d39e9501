// Vita's homepage: fetches one vita.v1.Page (proto3 JSON through Envoy's
// gRPC-JSON transcoder) and renders it.
//
// Safety rules of this file: every text from the API goes into the DOM with
// textContent or attributes, never as HTML; the only HTML inserted is
// markdown-it's output with raw HTML off, images off and a link validator;
// every link passes safeHref() (http, https, mailto or a path on this
// origin), otherwise it is shown as plain text; pictures are loaded from
// this origin only.
(function () {
  'use strict';

  var THEME_KEY = 'vita-theme';
  var ID_RE = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
  var MONTHS = ['Jan.', 'Feb.', 'Mar.', 'Apr.', 'May', 'June', 'July', 'Aug.', 'Sept.',
    'Oct.', 'Nov.', 'Dec.'];

  // Icons and names of ProfileLink.Kind.
  var PROFILE_LINK_KINDS = {
    CV: { icon: 'ai ai-cv', name: 'CV' },
    EMAIL: { icon: 'fa-solid fa-envelope', name: 'E-mail' },
    GOOGLE_SCHOLAR: { icon: 'ai ai-google-scholar', name: 'Google Scholar' },
    DBLP: { icon: 'ai ai-dblp', name: 'DBLP' },
    GITHUB: { icon: 'fa-brands fa-github', name: 'GitHub' },
    LINKEDIN: { icon: 'fa-brands fa-linkedin', name: 'LinkedIn' },
    ORCID: { icon: 'ai ai-orcid', name: 'ORCID' },
    ZHIHU: { icon: 'fa-brands fa-zhihu', name: 'Zhihu' },
    X: { icon: 'fa-brands fa-x-twitter', name: 'X' },
    HOMEPAGE: { icon: 'fa-solid fa-house', name: 'Homepage' },
    OTHER: { icon: 'fa-solid fa-link', name: 'Link' }
  };
  // Icons and labels of PublicationLink.Kind.
  var PUBLICATION_LINK_KINDS = {
    ARXIV: { icon: 'ai ai-arxiv', name: 'arXiv' },
    PDF: { icon: 'fa-solid fa-file-pdf', name: 'PDF' },
    CODE: { icon: 'fa-brands fa-github', name: 'Code' },
    PROJECT_PAGE: { icon: 'fa-solid fa-link', name: 'Project Page' },
    DOI: { icon: 'ai ai-doi', name: 'DOI' },
    GOOGLE_SCHOLAR: { icon: 'ai ai-google-scholar', name: 'Scholar' },
    VIDEO: { icon: 'fa-solid fa-video', name: 'Video' },
    SLIDES: { icon: 'fa-solid fa-person-chalkboard', name: 'Slides' },
    POSTER: { icon: 'fa-solid fa-image', name: 'Poster' },
    OTHER: { icon: 'fa-solid fa-link', name: 'Link' }
  };
  var EMAIL_KINDS = { WORK: 'Work Email', PERSONAL: 'Personal Email', OTHER: 'Email' };

  // ---------------------------------------------------------------- helpers

  function str(v) {
    return typeof v === 'string' ? v : '';
  }
  function arr(v) {
    return Array.isArray(v) ? v : [];
  }
  function obj(v) {
    return v && typeof v === 'object' && !Array.isArray(v) ? v : {};
  }
  function num(v) {
    var n = typeof v === 'string' ? parseInt(v, 10) : v;
    return typeof n === 'number' && isFinite(n) ? n : 0;
  }

  // Returns a URL safe to put in href, or null: http, https, mailto, or a
  // path on this origin ("/..." but not "//host" or "/\host").
  function safeHref(raw) {
    var s = str(raw).trim();
    if (!s || /[\u0000-\u001f\u007f\s\\]/.test(s)) return null;
    if (s.charAt(0) === '/') {
      return s.charAt(1) === '/' ? null : s;
    }
    var u;
    try {
      u = new URL(s);
    } catch (e) {
      return null;
    }
    if (u.protocol === 'http:' || u.protocol === 'https:' || u.protocol === 'mailto:') {
      return u.href;
    }
    return null;
  }

  // Returns a picture URL to load, or null: only paths on this origin, so the
  // page never loads anything from another host.
  function safeImageSrc(raw) {
    var s = str(raw).trim();
    if (!s || /[\u0000-\u001f\u007f\s\\]/.test(s)) return null;
    if (s.charAt(0) === '/' && s.charAt(1) !== '/') return s;
    try {
      var u = new URL(s);
      if ((u.protocol === 'http:' || u.protocol === 'https:') && u.origin === location.origin) {
        return u.pathname + u.search;
      }
    } catch (e) {
      // Not a URL.
    }
    return null;
  }

  // Creates an element with optional class and text.
  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  function icon(classes) {
    var i = el('i', classes + ' icon');
    i.setAttribute('aria-hidden', 'true');
    return i;
  }

  // A link if the URL is safe, otherwise the same content as plain text.
  function link(url, content, opts) {
    opts = opts || {};
    var href = safeHref(url);
    var node;
    if (href) {
      node = el('a', opts.className);
      node.href = href;
      if (!/^\/|^mailto:/.test(href)) node.rel = 'noopener noreferrer';
      if (opts.label) node.setAttribute('aria-label', opts.label);
      if (opts.title) node.title = opts.title;
    } else {
      node = el('span', (opts.className ? opts.className + ' ' : '') + 'unlinked');
    }
    if (typeof content === 'string') {
      node.textContent = content;
    } else if (content) {
      node.appendChild(content);
    }
    return node;
  }

  // ---------------------------------------------------------------- markdown

  var md = null;
  function markdown() {
    if (md) return md;
    if (typeof window.markdownit !== 'function') return null;
    md = window.markdownit({ html: false, linkify: false, typographer: false, breaks: false });
    // Pictures in Markdown would load from anywhere; they are not rendered.
    md.disable(['image']);
    md.validateLink = function (url) {
      return safeHref(url) !== null;
    };
    var defaultLinkOpen = md.renderer.rules.link_open || function (tokens, idx, options, env, self) {
      return self.renderToken(tokens, idx, options);
    };
    md.renderer.rules.link_open = function (tokens, idx, options, env, self) {
      var href = tokens[idx].attrGet('href') || '';
      if (!/^\/|^mailto:/.test(href)) tokens[idx].attrSet('rel', 'noopener noreferrer');
      return defaultLinkOpen(tokens, idx, options, env, self);
    };
    return md;
  }

  // Renders Markdown into a new element. Falls back to plain text if
  // markdown-it failed to load.
  function markdownBlock(text, className, inline) {
    var box = el(inline ? 'span' : 'div', className);
    var m = markdown();
    if (!m) {
      box.textContent = text;
      return box;
    }
    // markdown-it output with html:false contains no HTML from `text`.
    box.innerHTML = inline ? m.renderInline(text) : m.render(text);
    return box;
  }

  // Plain text of Markdown, for meta tags. DOMParser runs no scripts and
  // loads nothing.
  function markdownText(text) {
    var m = markdown();
    if (!m) return text;
    var doc = new DOMParser().parseFromString(m.render(text), 'text/html');
    return (doc.body.textContent || '').replace(/\s+/g, ' ').trim();
  }

  // ---------------------------------------------------------------- dates

  function formatMonthYear(d) {
    d = obj(d);
    var y = num(d.year), m = num(d.month);
    if (!y) return '';
    return m >= 1 && m <= 12 ? MONTHS[m - 1] + ' ' + y : String(y);
  }
  function formatRange(start, end) {
    var s = formatMonthYear(start);
    var e = end ? formatMonthYear(end) : 'Present';
    if (!s) return e === 'Present' ? '' : e;
    return s + ' \u2013 ' + (e || 'Present');
  }
  function pad2(n) {
    return (n < 10 ? '0' : '') + n;
  }
  // News dates as the reference page writes them: "03/2024".
  function formatNewsDate(d) {
    d = obj(d);
    var y = num(d.year), m = num(d.month), day = num(d.day);
    if (!y) return '';
    if (!m) return String(y);
    if (!day) return pad2(m) + '/' + y;
    return pad2(m) + '/' + pad2(day) + '/' + y;
  }
  function dateKey(d) {
    d = obj(d);
    return num(d.year) * 10000 + num(d.month) * 100 + num(d.day);
  }

  // The newest of the RFC 3339 times given, as a Date, or null.
  function newestTime(times) {
    var best = null;
    times.forEach(function (t) {
      var d = typeof t === 'string' && t ? new Date(t) : null;
      if (d && !isNaN(d.getTime()) && (!best || d > best)) best = d;
    });
    return best;
  }
  // "Nov. 27, 2026" (UTC, the same for every visitor).
  function formatDay(d) {
    return MONTHS[d.getUTCMonth()] + ' ' + d.getUTCDate() + ', ' + d.getUTCFullYear();
  }

  function obfuscateEmail(address) {
    return address.replace(/@/g, ' [at] ').replace(/\./g, ' [dot] ');
  }

  // ---------------------------------------------------------------- theme

  function effectiveTheme() {
    var t = document.documentElement.getAttribute('data-theme');
    if (t === 'light' || t === 'dark') return t;
    return window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches
      ? 'dark' : 'light';
  }
  function updateThemeButton() {
    var button = document.getElementById('theme-toggle');
    var label = document.getElementById('theme-toggle-label');
    if (!button || !label) return;
    // A toggle button: its name stays "Dark mode", aria-pressed (and the
    // switch drawn next to the label) tells whether it is on; the tooltip says
    // what a click does.
    var dark = effectiveTheme() === 'dark';
    button.setAttribute('aria-pressed', dark ? 'true' : 'false');
    button.title = dark ? 'Dark mode is on: switch to light colours'
      : 'Dark mode is off: switch to dark colours';
    label.textContent = 'Dark mode';
  }
  function setupTheme() {
    var button = document.getElementById('theme-toggle');
    if (button) {
      button.addEventListener('click', function () {
        var next = effectiveTheme() === 'dark' ? 'light' : 'dark';
        document.documentElement.setAttribute('data-theme', next);
        try {
          window.localStorage.setItem(THEME_KEY, next);
        } catch (e) {
          // Not remembered then.
        }
        updateThemeButton();
      });
    }
    if (window.matchMedia) {
      var mq = window.matchMedia('(prefers-color-scheme: dark)');
      if (mq.addEventListener) mq.addEventListener('change', updateThemeButton);
    }
    updateThemeButton();
  }

  // ---------------------------------------------------------------- status

  function showStatus(kind, title, detail, retry) {
    var status = document.getElementById('status');
    var page = document.getElementById('page');
    page.hidden = true;
    status.hidden = false;
    status.className = 'status status-' + kind;
    status.setAttribute('data-state', kind);
    status.textContent = '';
    if (kind !== 'loading') {
      status.appendChild(el('h1', 'status-title', title));
    }
    status.appendChild(el('p', 'status-text', detail));
    if (retry) {
      var b = el('button', 'retry', 'Try again');
      b.type = 'button';
      b.addEventListener('click', function () {
        window.dispatchEvent(new Event('vita-retry'));
      });
      status.appendChild(b);
    }
    if (kind !== 'loading') document.title = title + ' \u00b7 Vita';
  }

  // ---------------------------------------------------------------- meta

  function setMeta(selector, value) {
    var m = document.head.querySelector(selector);
    if (m) m.setAttribute('content', value);
  }

  function absoluteUrl(path) {
    try {
      return new URL(path, location.origin).href;
    } catch (e) {
      return '';
    }
  }

  function fillHead(page, profileId) {
    var p = obj(page.profile);
    var name = str(p.displayName) || profileId;
    var headline = str(p.headline);
    var affiliation = str(p.affiliation);
    var sub = [headline, affiliation].filter(Boolean).join(', ');
    document.title = sub ? name + ' \u2013 ' + sub : name;
    var bioText = markdownText(str(p.bio));
    var description = bioText || sub || name;
    if (description.length > 300) description = description.slice(0, 297) + '\u2026';
    setMeta('meta[name="description"]', description);
    setMeta('meta[property="og:title"]', name);
    setMeta('meta[property="og:description"]', description);
    setMeta('meta[property="og:url"]', location.href);
    var photo = safeImageSrc(obj(p.photo).url);
    setMeta('meta[property="og:image"]', photo ? absoluteUrl(photo) : '');

    // schema.org Person as JSON-LD. A data block: CSP does not run it, and
    // textContent keeps it from being parsed as HTML. "<" is written as
    // \u003c, so no text can end the element ("</script>") or open a comment
    // ("<!--") in a serialised copy of the page (a crawler's snapshot, "Save
    // page as"), where script content is not escaped.
    var person = { '@context': 'https://schema.org', '@type': 'Person', name: name };
    var variants = arr(p.nameVariants).map(str).filter(function (v) {
      return v && v !== name;
    });
    if (variants.length) person.alternateName = variants;
    if (headline) person.jobTitle = headline;
    if (affiliation) person.affiliation = { '@type': 'Organization', name: affiliation };
    if (bioText) person.description = bioText;
    if (photo) person.image = absoluteUrl(photo);
    person.url = location.href;
    var emails = arr(p.emails).map(function (e) {
      return str(obj(e).address);
    }).filter(Boolean);
    if (emails.length) person.email = emails[0];
    var address = str(obj(p.office).address);
    if (address) person.workLocation = { '@type': 'Place', address: address };
    var interests = arr(p.researchInterests).map(str).filter(Boolean);
    if (interests.length) person.knowsAbout = interests;
    var alumni = arr(p.education).map(function (e) {
      return str(obj(e).institution);
    }).filter(Boolean);
    if (alumni.length) {
      person.alumniOf = alumni.map(function (n) {
        return { '@type': 'EducationalOrganization', name: n };
      });
    }
    var sameAs = arr(p.links).map(function (l) {
      l = obj(l);
      var h = safeHref(l.url);
      return h && /^https?:/.test(h) && l.kind !== 'CV' && l.kind !== 'EMAIL' ? h : null;
    }).filter(Boolean);
    if (sameAs.length) person.sameAs = sameAs;

    var old = document.getElementById('person-jsonld');
    if (old) old.remove();
    var ld = document.createElement('script');
    ld.type = 'application/ld+json';
    ld.id = 'person-jsonld';
    ld.textContent = JSON.stringify(person).replace(/</g, '\\u003c');
    document.head.appendChild(ld);
  }

  // ---------------------------------------------------------------- sections

  function section(id, title) {
    var s = el('section', 'section');
    s.id = id;
    var h = el('h2', null, title);
    h.id = id + '-title';
    s.setAttribute('aria-labelledby', h.id);
    s.appendChild(h);
    return s;
  }

  // A picture from this origin, or nothing.
  function picture(image, className) {
    image = obj(image);
    var src = safeImageSrc(image.url);
    if (!src) return null;
    var img = el('img', className);
    img.src = src;
    img.alt = str(image.altText);
    img.loading = 'lazy';
    img.decoding = 'async';
    return img;
  }

  function renderHeader(p, profileId) {
    var header = el('header', 'profile-header');
    var text = el('div', 'profile-text');
    var h1 = el('h1', 'profile-name', str(p.displayName) || profileId);
    text.appendChild(h1);

    // The reference page says position and institution in the bio's first
    // sentence; the header repeats them only when there is no bio.
    var sub = [str(p.headline), str(p.affiliation)].filter(Boolean);
    if (sub.length && !str(p.bio).trim()) {
      text.appendChild(el('p', 'profile-headline', sub.join(', ')));
    }

    var office = obj(p.office);
    if (str(office.address)) {
      var po = el('p', 'profile-office');
      po.appendChild(icon('fa-solid fa-building'));
      po.appendChild(document.createTextNode(' Office: '));
      if (str(office.mapUrl) && safeHref(office.mapUrl)) {
        po.appendChild(link(office.mapUrl, office.address, { title: 'Map of the office' }));
      } else {
        po.appendChild(el('span', null, office.address));
      }
      text.appendChild(po);
    }

    arr(p.emails).forEach(function (e) {
      e = obj(e);
      var address = str(e.address);
      if (!address) return;
      var pe = el('p', 'profile-email');
      pe.appendChild(icon('fa-solid fa-inbox'));
      pe.appendChild(document.createTextNode(' ' + (EMAIL_KINDS[e.kind] || 'Email') + ': '));
      var shown = obfuscateEmail(address);
      pe.appendChild(link('mailto:' + address, shown, { className: 'email' }));
      text.appendChild(pe);
    });

    var links = arr(p.links);
    if (links.length) {
      var nav = el('nav', 'profile-links');
      nav.setAttribute('aria-label', 'Profiles and contact');
      var ul = el('ul');
      links.forEach(function (l) {
        l = obj(l);
        var kind = PROFILE_LINK_KINDS[l.kind] || PROFILE_LINK_KINDS.OTHER;
        var label = str(l.label) || kind.name;
        var li = el('li');
        li.setAttribute('data-kind', str(l.kind) || 'OTHER');
        var a = link(l.url, icon(kind.icon), { label: label, title: label, className: 'icon-link' });
        if (a.tagName !== 'A') {
          // Unsafe URL: show the label as plain text next to the icon.
          a.appendChild(document.createTextNode(' ' + label));
        }
        li.appendChild(a);
        ul.appendChild(li);
      });
      nav.appendChild(ul);
      text.appendChild(nav);
    }
    header.appendChild(text);

    var photo = picture(p.photo, 'profile-photo');
    if (photo) {
      photo.loading = 'eager';
      header.appendChild(photo);
    }
    return header;
  }

  function renderBio(p) {
    var s = section('bio', 'Bio');
    if (str(p.bio)) s.appendChild(markdownBlock(p.bio, 'markdown bio-text'));
    // Research interests are part of the bio's text on the reference page;
    // they are listed separately only when there is no bio (they are always in
    // the JSON-LD block as knowsAbout).
    var interests = arr(p.researchInterests).map(str).filter(Boolean);
    if (interests.length && !str(p.bio).trim()) {
      var pi = el('p', 'interests');
      pi.appendChild(el('strong', null, 'Research interests: '));
      pi.appendChild(document.createTextNode(interests.join(', ')));
      s.appendChild(pi);
    }
    return s;
  }

  function renderNews(news) {
    var s = section('news', 'News');
    var items = arr(news).map(obj).slice();
    items.sort(function (a, b) {
      if (!!a.pinned !== !!b.pinned) return a.pinned ? -1 : 1;
      return dateKey(b.date) - dateKey(a.date);
    });
    var ul = el('ul', 'news-list');
    items.forEach(function (n) {
      var li = el('li', 'news-item');
      if (n.pinned) li.classList.add('pinned');
      var date = el('span', 'news-date', '[' + formatNewsDate(n.date) + ']');
      li.appendChild(date);
      li.appendChild(document.createTextNode(' '));
      li.appendChild(markdownBlock(str(n.text), 'markdown news-text', true));
      ul.appendChild(li);
    });
    s.appendChild(ul);
    return s;
  }

  // "A", "A and B", "A, B and C", with links.
  function appendPeople(parent, people) {
    people.forEach(function (person, i) {
      if (i > 0) {
        parent.appendChild(document.createTextNode(i === people.length - 1 ? ' and ' : ', '));
      }
      var name = str(person.name);
      var honorific = str(person.honorific);
      if (honorific) parent.appendChild(document.createTextNode(honorific + ' '));
      parent.appendChild(person.url ? link(person.url, name) : el('span', null, name));
    });
  }

  function renderEntry(opts) {
    var art = el('article', 'entry');
    var logo = picture(opts.logo, 'entry-logo');
    if (logo) art.appendChild(logo);
    var h = el('h3', 'entry-title');
    if (opts.url && safeHref(opts.url)) h.appendChild(link(opts.url, opts.title));
    else h.textContent = opts.title;
    art.appendChild(h);
    var range = formatRange(opts.start, opts.end);
    if (range) art.appendChild(el('p', 'entry-dates', range));
    // Education: "**Degree (notes)**, advised by Prof. A and Prof. B", all in
    // italics as on the reference page. Experience: the role in italics, the
    // notes as a paragraph below.
    var line = el('p', 'entry-role');
    var role = opts.notesInline ? el('strong', 'entry-degree', opts.role) : el('span', null, opts.role);
    if (opts.notesInline && str(opts.notes)) {
      role.appendChild(document.createTextNode(' ('));
      role.appendChild(markdownBlock(opts.notes, 'markdown entry-notes', true));
      role.appendChild(document.createTextNode(')'));
    }
    line.appendChild(role);
    var advisors = arr(opts.advisors).map(obj).filter(function (a) {
      return str(a.name);
    });
    if (advisors.length) {
      line.appendChild(document.createTextNode(', advised by '));
      appendPeople(line, advisors);
    }
    art.appendChild(line);
    if (!opts.notesInline && str(opts.notes)) {
      art.appendChild(markdownBlock(opts.notes, 'markdown entry-notes'));
    }
    return art;
  }

  function renderEducation(list) {
    var s = section('education', 'Education');
    arr(list).map(obj).forEach(function (e) {
      s.appendChild(renderEntry({
        title: str(e.institution), url: e.url, logo: e.logo, start: e.start, end: e.end,
        role: str(e.degree), advisors: e.advisors, notes: e.notes, notesInline: true
      }));
    });
    return s;
  }

  function renderExperience(list) {
    var s = section('experience', 'Experience');
    arr(list).map(obj).forEach(function (e) {
      s.appendChild(renderEntry({
        title: str(e.organization), url: e.url, logo: e.logo, start: e.start, end: e.end,
        role: str(e.role), notes: e.notes
      }));
    });
    return s;
  }

  function venueLine(pub) {
    var venue = str(pub.venue);
    switch (pub.status) {
      case 'UNDER_SUBMISSION': return venue ? 'Under Submission to ' + venue : 'Under Submission';
      case 'ACCEPTED': return venue ? 'Accepted at ' + venue : 'Accepted';
      case 'PREPRINT': return venue ? 'Preprint, ' + venue : 'Preprint';
      default: return venue;
    }
  }

  function renderPublications(pubs, profile) {
    var s = section('publications', 'Publications');
    var ownerNames = {};
    [str(profile.displayName)].concat(arr(profile.nameVariants).map(str)).forEach(function (n) {
      if (n) ownerNames[n.toLowerCase()] = true;
    });
    var list = arr(pubs).map(obj).slice();
    list.sort(function (a, b) {
      return num(a.displayOrder) - num(b.displayOrder) || num(b.year) - num(a.year);
    });
    var anyEqual = false, anyCorresponding = false;
    var ol = el('ol', 'publication-list');
    list.forEach(function (pub) {
      var li = el('li', 'publication');
      li.appendChild(el('h3', 'publication-title', str(pub.title)));
      var authors = el('p', 'publication-authors');
      arr(pub.authors).map(obj).forEach(function (a, i) {
        if (i > 0) authors.appendChild(document.createTextNode(', '));
        var name = (a.equalContribution ? '*' : '') + str(a.name) + (a.corresponding ? '\u2020' : '');
        if (a.equalContribution) anyEqual = true;
        if (a.corresponding) anyCorresponding = true;
        var isOwner = a.isOwner === true || ownerNames[str(a.name).toLowerCase()] === true;
        var node;
        if (isOwner) {
          node = el('u', 'author owner', name);
        } else if (a.url && safeHref(a.url)) {
          node = link(a.url, name, { className: 'author' });
        } else {
          node = el('span', 'author', name);
        }
        authors.appendChild(node);
      });
      if (pub.moreAuthors === true) {
        authors.appendChild(document.createTextNode(', et al.'));
      }
      li.appendChild(authors);
      var meta = el('p', 'publication-meta');
      var venue = venueLine(pub);
      if (venue) meta.appendChild(el('em', 'publication-venue', venue));
      var links = arr(pub.links).map(obj);
      if (links.length) {
        var span = el('span', 'publication-links');
        links.forEach(function (l) {
          var kind = PUBLICATION_LINK_KINDS[l.kind] || PUBLICATION_LINK_KINDS.OTHER;
          var label = str(l.label) || kind.name;
          var frag = document.createDocumentFragment();
          frag.appendChild(icon(kind.icon));
          frag.appendChild(document.createTextNode(' ' + label));
          var a = link(l.url, frag, { className: 'publication-link' });
          a.setAttribute('data-kind', str(l.kind) || 'OTHER');
          span.appendChild(a);
        });
        meta.appendChild(span);
      }
      li.appendChild(meta);
      ol.appendChild(li);
    });
    s.appendChild(ol);
    var notes = [];
    if (anyEqual) notes.push('* Equal contribution.');
    if (anyCorresponding) notes.push('\u2020 Corresponding author.');
    if (notes.length) s.appendChild(el('p', 'footnote', notes.join(' ')));
    return s;
  }

  // Top bar: the person's name, linking to this page, as on the reference.
  function renderBrand(p, profileId) {
    var brand = document.getElementById('brand');
    if (!brand) return;
    brand.textContent = str(p.displayName) || profileId;
    brand.href = location.pathname === '/' ? '/' : '/p/' + encodeURIComponent(profileId);
  }

  // Footer: copyright, when the data last changed, and what made the page.
  function renderFooter(page, p, profileId) {
    var footer = document.getElementById('footer-text');
    if (!footer) return;
    footer.textContent = '';
    var updated = newestTime([p.updateTime].concat(
      arr(page.news).map(function (n) { return obj(n).updateTime; }),
      arr(page.publications).map(function (x) { return obj(x).updateTime; })));
    var parts = [];
    var who = str(p.displayName) || profileId;
    parts.push(document.createTextNode('\u00a9 ' + (updated ? updated.getUTCFullYear() + ' ' : '') + who));
    if (updated) {
      var span = el('span', 'footer-updated', 'Last updated ');
      var time = el('time', null, formatDay(updated));
      time.dateTime = updated.toISOString();
      span.appendChild(time);
      parts.push(span);
    }
    parts.push(document.createTextNode('Made with Vita'));
    parts.forEach(function (node, i) {
      if (i > 0) footer.appendChild(el('span', 'footer-sep', ' \u00b7 '));
      footer.appendChild(node);
    });
  }

  function render(page, profileId) {
    var p = obj(page.profile);
    var root = document.getElementById('page');
    root.textContent = '';
    root.setAttribute('data-profile', profileId);
    root.appendChild(renderHeader(p, profileId));
    // A section with nothing in it is left out, as on the reference page
    // (which has no empty headings).
    var hasBio = str(p.bio).trim() || arr(p.researchInterests).map(str).filter(Boolean).length;
    if (hasBio) root.appendChild(renderBio(p));
    if (arr(page.news).length) root.appendChild(renderNews(page.news));
    if (arr(p.education).length) root.appendChild(renderEducation(p.education));
    if (arr(p.experience).length) root.appendChild(renderExperience(p.experience));
    if (arr(page.publications).length) root.appendChild(renderPublications(page.publications, p));
    renderBrand(p, profileId);
    renderFooter(page, p, profileId);
    fillHead(page, profileId);
    document.getElementById('status').hidden = true;
    root.hidden = false;
    document.documentElement.setAttribute('data-state', 'ready');
  }

  // ---------------------------------------------------------------- loading

  function fail(kind, title, detail) {
    showStatus(kind, title, detail, kind !== 'not-found');
    document.documentElement.setAttribute('data-state', kind);
  }

  function readJson(response) {
    return response.text().then(function (t) {
      try {
        return JSON.parse(t);
      } catch (e) {
        return null;
      }
    });
  }

  function loadPage(profileId) {
    document.documentElement.removeAttribute('data-state');
    showStatus('loading', '', 'Loading the page\u2026');
    var url = '/v1/profiles/' + encodeURIComponent(profileId) + '/page';
    return fetch(url, { headers: { accept: 'application/json' }, cache: 'no-cache' })
      .then(function (response) {
        return readJson(response).then(function (body) {
          if (response.ok && body && body.profile) {
            render(body, profileId);
            return;
          }
          var code = body && typeof body.code === 'number' ? body.code : null;
          var message = body && typeof body.message === 'string' ? body.message : '';
          if (response.status === 404 && (code === 5 || code === null)) {
            fail('not-found', 'Profile not found',
              'There is no profile \u201c' + profileId + '\u201d on this site.');
          } else if (response.status === 503 || response.status === 502 ||
                     response.status === 504 || code === 14 || code === 4) {
            fail('unavailable', 'Server unavailable',
              'The gateway is up, but the profile server cannot be reached right now. ' +
              'Please try again in a moment.');
          } else {
            fail('error', 'The page could not be loaded',
              'The server answered with HTTP ' + response.status +
              (message ? ': ' + message : '') + '.');
          }
        });
      }, function () {
        fail('offline', 'Gateway unreachable',
          'The site\u2019s gateway cannot be reached. Check your connection, or try again later.');
      });
  }

  function profileIdFromPath() {
    var m = /^\/p\/([^/]*)\/?$/.exec(location.pathname);
    if (m) {
      var id;
      try {
        id = decodeURIComponent(m[1]);
      } catch (e) {
        id = m[1];
      }
      return Promise.resolve(id);
    }
    // "/" shows the default profile, a deploy setting.
    return fetch('/vita-config.json', { headers: { accept: 'application/json' } })
      .then(function (r) {
        return r.ok ? r.json() : {};
      })
      .then(function (c) {
        return str(obj(c).defaultProfile) || 'hexu-zhao';
      }, function () {
        return 'hexu-zhao';
      });
  }

  function start() {
    setupTheme();
    load();
    // The "Try again" button loads the data again without reloading the page.
    window.addEventListener('vita-retry', load);
  }

  function load() {
    profileIdFromPath().then(function (id) {
      if (!ID_RE.test(id)) {
        fail('not-found', 'Profile not found',
          '\u201c' + id + '\u201d is not a valid profile name.');
        return;
      }
      return loadPage(id);
    });
  }

  // Exposed for tests and debugging; not used by the page itself.
  window.vita = { safeHref: safeHref, safeImageSrc: safeImageSrc };

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
