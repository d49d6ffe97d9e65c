import { escapeHtml, escapeXml, escapeXmlAttribute, sanitizeTerminalText } from './escape.js';

describe('escaping', () => {
  it('escapes markup characters for HTML and XML', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
    expect(escapeXml(']]>')).toBe(']]&gt;');
  });

  it('replaces characters XML 1.0 forbids, keeps valid astral characters', () => {
    expect(escapeXml('a\u0000b\u001bc\uFFFEd')).toBe('a\uFFFDb\uFFFDc\uFFFDd');
    expect(escapeXml('lone \uD800 high')).toBe('lone \uFFFD high');
    expect(escapeXml('emoji 😀 ok\ttab\nline')).toBe('emoji 😀 ok\ttab\nline');
  });

  it('keeps newlines in attributes as character references', () => {
    expect(escapeXmlAttribute('a\nb\tc')).toBe('a&#10;b&#9;c');
  });

  it('removes terminal escapes, carriage returns and bidi overrides', () => {
    expect(sanitizeTerminalText('ok\u001b]0;title\u0007 \u001b[2Jx\r\nnext\rover \u202Eevil \u009b')).toBe(
      'ok]0;title [2Jx\nnext\nover evil ',
    );
  });
});
