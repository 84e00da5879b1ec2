/*
 * ZAP writes an alert's description, solution, reference and other
 * information as small HTML fragments (`<p>…</p>`, sometimes `<br>`, `<ul>`,
 * entities). The findings engine works in plain text (SARIF, summary,
 * JSON), so they are turned into text here: block elements become line
 * breaks, list items become "- " lines, every other tag is dropped, entities
 * are decoded. Nothing is ever interpreted as markup: this only removes it.
 */

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  copy: '©',
  reg: '®',
};

const BLOCK_TAGS = 'p|div|br|hr|h[1-6]|ul|ol|table|tr|pre|blockquote|section|article|header|footer';

export function htmlToText(html: string): string {
  if (!html) return '';
  const text = html
    // Script and style bodies are not text a reader wants.
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<li\b[^>]*>/gi, '\n- ')
    .replace(new RegExp(`<\\/?(?:${BLOCK_TAGS})\\b[^>]*>`, 'gi'), '\n')
    .replace(/<\/?(?:td|th)\b[^>]*>/gi, ' ')
    .replace(/<\/?[A-Za-z][^>]*>/g, '');
  return tidy(decodeEntities(text));
}

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
  });
}

/** Control characters dropped (ZAP sometimes quotes binary responses), spaces collapsed per line, at most one blank line. */
function tidy(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/g, '')
      .replace(/\r\n?/g, '\n')
      .split('\n')
      .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim()
  );
}

/** The http(s) URLs in a reference field, in order, without duplicates. */
export function referenceUrls(html: string): string[] {
  const urls: string[] = [];
  for (const match of htmlToText(html).matchAll(/https?:\/\/[^\s<>"']+/g)) {
    const url = match[0].replace(/[.,;)]+$/, '');
    try {
      new URL(url);
    } catch {
      continue;
    }
    if (!urls.includes(url)) urls.push(url);
  }
  return urls;
}
