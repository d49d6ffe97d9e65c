import { decodeAttemptCursor, encodeAttemptCursor } from './attempt-cursor.js';

describe('attempt cursors', () => {
  it('round-trips the position of both logs, keeping microseconds of the timestamp', () => {
    const endpoint = { kind: 'endpoint' as const, createdAt: '2026-11-27 05:00:19.123456+00', id: '6f1c1f1e-0000-4000-8000-000000000000' };
    expect(decodeAttemptCursor(encodeAttemptCursor(endpoint), 'endpoint')).toEqual(endpoint);
    expect(decodeAttemptCursor(encodeAttemptCursor({ kind: 'message', attemptNumber: 7 }), 'message')).toEqual({ kind: 'message', attemptNumber: 7 });
    expect(decodeAttemptCursor(undefined, 'message')).toBeUndefined();
    expect(decodeAttemptCursor('', 'endpoint')).toBeUndefined();
  });

  it('refuses a cursor of the other log, a forged timestamp and garbage with INVALID_ARGUMENT', () => {
    const message = encodeAttemptCursor({ kind: 'message', attemptNumber: 2 });
    const injected = Buffer.from(JSON.stringify({ kind: 'endpoint', createdAt: "now()'; --", id: 'x' })).toString('base64url');
    for (const [cursor, kind] of [
      [message, 'endpoint'],
      [injected, 'endpoint'],
      ['bm9wZQ', 'message'],
      ['%%%', 'message'],
      [Buffer.from(JSON.stringify({ kind: 'message', attemptNumber: -1 })).toString('base64url'), 'message'],
    ] as const) {
      expect(() => decodeAttemptCursor(cursor, kind)).toThrow(expect.objectContaining({ kind: 'INVALID_ARGUMENT', code: 'WEBHOOK.INVALID_CURSOR' }));
    }
  });
});
