import { findErrorSignature } from './error-signatures.js';

describe('findErrorSignature', () => {
  it.each([
    ['Error: boom\n    at Object.<anonymous> (/srv/app/index.js:12:5)', 'Node.js stack trace'],
    ['{"message":"x","stack":"Error: x\\n    at handler (file:///srv/app.mjs:3:9)"}', 'Node.js stack trace'],
    ['java.lang.NullPointerException\n\tat com.acme.UserController.get(UserController.java:42)', 'Java stack trace'],
    ['Traceback (most recent call last):\n  File "/app/main.py", line 8, in view', 'Python traceback'],
    ['goroutine 1 [running]:\nmain.main()', 'Go panic'],
    ['You have an error in your SQL syntax; check the manual that corresponds to your MySQL server', 'MySQL error'],
    ['ERROR: syntax error at or near "\'"', 'PostgreSQL error'],
    ['ORA-00933: SQL command not properly ended', 'Oracle error'],
  ])('recognises %j as %s', (body, name) => {
    expect(findErrorSignature(body)?.name).toBe(name);
  });

  it.each(['{"error":"not found"}', '<h1>404</h1><p>Look at the docs at /docs</p>', 'Server error, id e-12:34'])(
    'stays quiet on a generic error %j',
    (body) => {
      expect(findErrorSignature(body)).toBeUndefined();
    },
  );
});

describe('findErrorSignature on hostile bodies', () => {
  it.each([
    ['repeated "at " words', 'at '.repeat(21_000)],
    ['a long slash run', '/a'.repeat(32_000)],
    ['a long identifier chain', `at ${'a.'.repeat(32_000)}`],
    ['warnings without a line', 'Warning: '.repeat(7_000)],
  ])('stays fast on %s (64 KB)', (_name, body) => {
    const started = performance.now();
    findErrorSignature(body.slice(0, 64 * 1024));
    // Catastrophic backtracking on 64 KB takes far longer than this generous bound on a busy machine.
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
