// web/src/meta.js: title, description and the schema.org Person of a profile.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { description, jsonLdText, pageTitle, person, profilePage } from '../../../web/src/meta.js';

const profile = {
  name: 'profiles/jane', displayName: 'Jane Doe', nameVariants: ['J. Doe', 'Jane Doe'],
  headline: 'Professor', affiliation: 'Example University',
  emails: [{ address: 'jane@example.org', kind: 'WORK' }, { address: 'j@example.com' }],
  office: { address: 'Room 1' }, researchInterests: ['systems'],
  education: [{ institution: 'Uni A' }, { degree: 'no institution' }],
  links: [{ kind: 'CV', url: 'https://example.org/cv.pdf' }, { kind: 'EMAIL', url: 'mailto:jane@example.org' },
    { kind: 'GITHUB', url: 'https://github.com/jane' }, { kind: 'OTHER', url: '/p/jane' },
    { kind: 'OTHER', url: 'javascript:x' }],
};

describe('head', () => {
  it('titles the page "Name \u2013 headline, affiliation"', () => {
    assert.equal(pageTitle(profile, 'jane'), 'Jane Doe \u2013 Professor, Example University');
    assert.equal(pageTitle({ displayName: 'Jane Doe' }, 'jane'), 'Jane Doe');
    assert.equal(pageTitle({}, 'jane'), 'jane');
  });
  it('describes the page by its bio, else headline and affiliation, at most 300 characters', () => {
    assert.equal(description(profile, 'jane', 'Bio text.'), 'Bio text.');
    assert.equal(description(profile, 'jane', ''), 'Professor, Example University');
    assert.equal(description({}, 'jane', ''), 'jane');
    const long = 'x'.repeat(301);
    assert.equal(description(profile, 'jane', long), `${'x'.repeat(297)}\u2026`);
    assert.equal(description(profile, 'jane', 'y'.repeat(300)), 'y'.repeat(300));
  });
  it('describes the person as schema.org JSON-LD', () => {
    assert.deepEqual(person(profile, { profileId: 'jane', bioText: 'Bio.', url: 'http://h/p/jane',
      image: 'http://h/assets/jane.png' }), {
      '@context': 'https://schema.org', '@type': 'Person', name: 'Jane Doe',
      alternateName: ['J. Doe'], jobTitle: 'Professor',
      affiliation: { '@type': 'Organization', name: 'Example University' },
      description: 'Bio.', image: 'http://h/assets/jane.png', url: 'http://h/p/jane',
      email: 'jane@example.org', workLocation: { '@type': 'Place', address: 'Room 1' },
      knowsAbout: ['systems'], alumniOf: [{ '@type': 'EducationalOrganization', name: 'Uni A' }],
      sameAs: ['https://github.com/jane'],
    });
    assert.deepEqual(person({}, { profileId: 'x', bioText: '', url: 'http://h/p/x', image: '' }),
      { '@context': 'https://schema.org', '@type': 'Person', name: 'x', url: 'http://h/p/x' });
  });
  it('writes JSON-LD that cannot close its <script> element', () => {
    assert.equal(jsonLdText({ name: '</script><!--x' }), '{"name":"\\u003c/script>\\u003c!--x"}');
  });
  it('wraps the Person in a schema.org ProfilePage as its mainEntity', () => {
    assert.deepEqual(profilePage({ '@context': 'https://schema.org', '@type': 'Person', name: 'x', url: 'u' }), {
      '@context': 'https://schema.org', '@type': 'ProfilePage', mainEntity: { '@type': 'Person', name: 'x', url: 'u' },
    });
  });
});
