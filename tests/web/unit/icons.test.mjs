// web/src/icons.js: the icons of the link kinds of vita.v1 (the build puts
// exactly these into index.html).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PROFILE_LINK_KINDS, PUBLICATION_LINK_KINDS, usedIcons } from '../../../web/src/icons.js';

const proto = (f) => fs.readFileSync(fileURLToPath(new URL(`../../../proto/vita/v1/${f}`, import.meta.url)), 'utf8');
// The values of enum Kind inside `message`, without the _UNSPECIFIED one.
function kinds(text, message) {
  const body = new RegExp(`message ${message} \\{[\\s\\S]*?enum Kind \\{([\\s\\S]*?)\\}`).exec(text)[1];
  return [...body.matchAll(/^\s*([A-Z_]+) = \d+;/gm)].map((m) => m[1])
    .filter((k) => !k.endsWith('UNSPECIFIED'));
}

describe('icons', () => {
  it('has an icon for every kind of link the protos define, and for no other', () => {
    assert.deepEqual(Object.keys(PROFILE_LINK_KINDS).sort(), kinds(proto('profile.proto'), 'ProfileLink').sort());
    assert.deepEqual(Object.keys(PUBLICATION_LINK_KINDS).sort(),
      kinds(proto('publication.proto'), 'PublicationLink').sort());
  });
  it('uses exactly these twenty icons', () => {
    assert.deepEqual(usedIcons(), ['ai-arxiv', 'ai-cv', 'ai-dblp', 'ai-doi', 'ai-google-scholar',
      'ai-orcid', 'fa-building', 'fa-envelope', 'fa-file-pdf', 'fa-github', 'fa-house', 'fa-image',
      'fa-inbox', 'fa-link', 'fa-linkedin', 'fa-moon', 'fa-person-chalkboard', 'fa-video',
      'fa-x-twitter', 'fa-zhihu']);
  });
});
