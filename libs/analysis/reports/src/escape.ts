/**
 * Escaping for every output format. Findings carry text chosen by the scanned API (response bodies,
 * headers, spec titles), so nothing from a finding reaches markup or a terminal unescaped.
 */

// Characters XML 1.0 forbids (C0 controls except tab/newline/return, lone surrogates, U+FFFE/U+FFFF);
// a single one makes a JUnit file unparseable for the CI server.
const XML_INVALID =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

// For terminals: C0/C1 controls (ESC starts ANSI sequences that recolour, move the cursor or retitle
// the window), DEL, carriage returns (overwrite a printed line) and bidi overrides ("Trojan Source").
const TERMINAL_UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

const MARKUP_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Replaces what no XML/HTML parser accepts with U+FFFD; everything else is kept. */
export function stripInvalidXmlChars(value: string): string {
  return value.replace(XML_INVALID, '\uFFFD');
}

/** Text for XML element content or a quoted attribute (JUnit). */
export function escapeXml(value: string): string {
  return stripInvalidXmlChars(value).replace(/[&<>"']/g, (char) => MARKUP_ENTITIES[char] ?? char);
}

/** Attribute values: parsers fold raw newlines and tabs to spaces, so encode them to keep them. */
export function escapeXmlAttribute(value: string): string {
  return escapeXml(value).replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

/** Text for HTML element content or a double/single-quoted attribute. */
export function escapeHtml(value: string): string {
  return escapeXml(value);
}

/** Text for a terminal or a plain log: no control sequences, one kind of line break. */
export function sanitizeTerminalText(value: string): string {
  return value.replace(/\r\n?/g, '\n').replace(TERMINAL_UNSAFE, '');
}
