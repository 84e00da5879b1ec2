import { describe, expect, it } from '@jest/globals';
import { decodeEntities, htmlToText, referenceUrls } from '../../../lib/cli/zap-html-text.js';

describe('htmlToText', () => {
  it('turns paragraphs and line breaks into lines and list items into "- " lines', () => {
    expect(htmlToText('<p>First.</p><p>Second<br/>line.</p><ul><li>one</li><li>two</li></ul>')).toBe(
      'First.\n\nSecond\nline.\n\n- one\n- two',
    );
  });

  it('drops every other tag, comments, scripts and styles, and keeps the text between them', () => {
    expect(
      htmlToText(
        'Use <code>nosniff</code> <a href="https://x.example">here</a><!-- hidden --><script>alert(1)</script><style>p{}</style>.',
      ),
    ).toBe('Use nosniff here.');
  });

  it('decodes named and numeric entities once, never turning text into markup', () => {
    expect(htmlToText('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp;amp; &#39;a&#39; &#x2014; &nbsp;b')).toBe(
      `<script>alert("x")</script> &amp; 'a' \u2014 b`,
    );
    expect(decodeEntities('&unknown; &#0; &#x110000;')).toBe('&unknown; &#0; &#x110000;');
  });

  it('collapses white space, drops control characters and keeps at most one blank line', () => {
    expect(htmlToText('  a \t  b\u0000\u0007\ufffd \r\n\r\n\r\n\r\n c  ')).toBe('a b\n\nc');
    expect(htmlToText('')).toBe('');
  });
});

describe('referenceUrls', () => {
  it('lists the URLs of a reference field in order, once each, without trailing punctuation', () => {
    expect(
      referenceUrls(
        '<p>https://owasp.org/a</p><p>See https://cwe.mitre.org/data/definitions/79.html.</p><p>https://owasp.org/a</p>',
      ),
    ).toEqual(['https://owasp.org/a', 'https://cwe.mitre.org/data/definitions/79.html']);
    expect(referenceUrls('')).toEqual([]);
    expect(referenceUrls('<p>no link here</p>')).toEqual([]);
  });
});
