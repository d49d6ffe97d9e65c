/**
 * Text that only shows up when a server leaks internals. Patterns also match JSON-escaped bodies
 * (`"stack":"Error: x\n    at ..."`) because they never rely on real newlines. Every repetition
 * is bounded: bodies come from the target, and a hostile one must not make matching quadratic.
 */
const SIGNATURES: ReadonlyArray<{ kind: 'stack trace' | 'SQL error'; name: string; pattern: RegExp }> = [
  {
    kind: 'stack trace',
    name: 'Node.js stack trace',
    pattern: /\bat (?:async )?[\w$.<>[\] ]{0,120}\(?(?:file:\/\/)?(?:\/|[A-Za-z]:\\|node:)[^\s()]{0,300}:\d+:\d+\)?/,
  },
  { kind: 'stack trace', name: 'JSON "stack" property', pattern: /"stack"\s*:\s*"[^"]{0,500}\bat\b/ },
  {
    kind: 'stack trace',
    name: 'Java stack trace',
    pattern:
      /\bat [\w$]{1,100}(?:\.[\w$<>]{1,100}){1,30}\((?:[\w$]+\.(?:java|kt|scala)|Native Method|Unknown Source)(?::\d+)?\)/,
  },
  { kind: 'stack trace', name: 'Java exception', pattern: /\b(?:java|javax|jakarta)\.[\w.]+(?:Exception|Error)\b/ },
  {
    kind: 'stack trace',
    name: 'Python traceback',
    pattern: /Traceback \(most recent call last\)|File "[^"]+", line \d+, in /,
  },
  {
    kind: 'stack trace',
    name: 'PHP error',
    pattern:
      /(?:Fatal error|Parse error|Warning|Notice)(?:<\/b>)?:? .{1,300} on line (?:<b>)?\d+|PHP (?:Fatal|Parse) error|Stack trace:\s*(?:\\n|\n)#0 /,
  },
  {
    kind: 'stack trace',
    name: '.NET exception',
    pattern:
      /\bSystem\.[\w.]+Exception\b|Server Error in '[^']*' Application|\bat [\w.]{1,200}\([^)]{0,200}\) in [^\n]{1,300}:line \d+/,
  },
  { kind: 'stack trace', name: 'Ruby backtrace', pattern: /\/[\w/.-]{1,200}\.rb:\d+:in [`']/ },
  { kind: 'stack trace', name: 'Go panic', pattern: /goroutine \d+ \[running\]|panic: runtime error/ },
  {
    kind: 'SQL error',
    name: 'MySQL error',
    pattern: /You have an error in your SQL syntax|\bmysqli?_[a-z_]+\(|\bER_[A-Z_]{1,60}\b.{0,200}\bSQL/i,
  },
  {
    kind: 'SQL error',
    name: 'PostgreSQL error',
    pattern:
      /syntax error at or near|unterminated quoted string|PG::\w+Error|org\.postgresql\.util\.PSQLException|psycopg2?\.\w+/,
  },
  {
    kind: 'SQL error',
    name: 'SQL Server error',
    pattern: /Unclosed quotation mark after the character string|Microsoft OLE DB Provider for SQL Server|SqlException/,
  },
  { kind: 'SQL error', name: 'Oracle error', pattern: /\bORA-\d{5}\b/ },
  { kind: 'SQL error', name: 'SQLite error', pattern: /SQLITE_ERROR|sqlite3\.OperationalError|SQLiteException/ },
  {
    kind: 'SQL error',
    name: 'generic SQL error',
    pattern: /SQLSTATE\[|QueryFailedError|SequelizeDatabaseError|PrismaClient\w*Error/,
  },
];

export interface ErrorSignatureMatch {
  kind: 'stack trace' | 'SQL error';
  name: string;
  /** The matching text, short, for the finding's description. */
  excerpt: string;
}

/** First signature found in `body`, optionally only of one kind (a SQL error behind a stack trace). */
export function findErrorSignature(body: string, kind?: ErrorSignatureMatch['kind']): ErrorSignatureMatch | undefined {
  for (const signature of SIGNATURES) {
    if (kind && signature.kind !== kind) continue;
    const match = signature.pattern.exec(body);
    if (match) return { kind: signature.kind, name: signature.name, excerpt: match[0].slice(0, 160) };
  }
  return undefined;
}
