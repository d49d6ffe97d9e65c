import { randomBytes } from 'node:crypto';
import { signToken, TOKEN_LIFETIME_SECONDS } from '../auth/jwt.js';
import { hashPassword, verifyPassword, type UserRow } from '../data/database.js';
import { HttpError } from '../http/http-kit.js';
import type { RequestContext, RouteDef } from '../http/route.types.js';
import { looseBody, validateBody } from '../http/validate.js';

const USERNAME = { type: 'string', maxLength: 32, minLength: 3, pattern: /^[a-z0-9_]+$/ } as const;
const EMAIL = { type: 'string', maxLength: 254, pattern: /^[^@\s]+@[^@\s]+\.[^@\s]+$/ } as const;

function login({ app, body }: RequestContext): { status: number; body: unknown } {
  let user: UserRow | undefined;
  let password: string;
  if (app.hardened) {
    const input = validateBody(body, {
      username: { type: 'string', maxLength: 64, required: true },
      password: { type: 'string', maxLength: 128, required: true },
    });
    password = String(input['password']);
    user = app.db.prepare('SELECT * FROM users WHERE username = ?').get(input['username']) as UserRow | undefined;
  } else {
    const input = looseBody(body);
    password = String(input['password'] ?? '');
    // String-built SQL: a quote in the user name breaks the query and the error goes to the client.
    user = app.db.prepare(`SELECT * FROM users WHERE username = '${String(input['username'] ?? '')}'`).get() as
      UserRow | undefined;
  }
  if (!user || !verifyPassword(password, user.password_hash)) throw new HttpError(401, 'invalid credentials');
  const token = signToken({ sub: String(user.id), username: user.username, role: user.role }, app.jwtSecret);
  return { status: 200, body: { token, tokenType: 'Bearer', expiresIn: TOKEN_LIFETIME_SECONDS } };
}

function signup({ app, body }: RequestContext): { status: number; body: unknown } {
  const input = app.hardened
    ? validateBody(body, {
        username: { ...USERNAME, required: true },
        password: { type: 'string', minLength: 10, maxLength: 128, required: true },
        email: { ...EMAIL, required: true },
      })
    : looseBody(body);
  const username = String(input['username'] ?? '');
  if (!username) throw new HttpError(400, 'username is required');
  if (app.db.prepare('SELECT 1 FROM users WHERE username = ?').get(username)) {
    throw new HttpError(409, 'username taken');
  }
  const result = app.db
    .prepare(
      'INSERT INTO users (username, email, password_hash, role, display_name, api_key) VALUES (?, ?, ?, ?, ?, ?)',
    )
    .run(
      username,
      String(input['email'] ?? ''),
      hashPassword(String(input['password'] ?? '')),
      'user',
      username,
      `sk_live_${randomBytes(16).toString('hex')}`,
    );
  return { status: 201, body: { id: Number(result.lastInsertRowid), username } };
}

function passwordReset({ app, body }: RequestContext): { status: number; body: unknown } {
  const input = app.hardened ? validateBody(body, { email: { ...EMAIL, required: true } }) : looseBody(body);
  app.db
    .prepare('INSERT INTO password_resets (email, token, created_at) VALUES (?, ?, ?)')
    .run(String(input['email'] ?? ''), randomBytes(16).toString('hex'), new Date().toISOString());
  // Same answer whether the address exists: no account enumeration in either build.
  return { status: 202, body: { status: 'if the address exists, a reset link was sent' } };
}

export function authRoutes(): RouteDef[] {
  return [
    { method: 'POST', path: '/auth/login', access: 'public', limit: 'auth', handler: login },
    { method: 'POST', path: '/auth/signup', access: 'public', limit: 'auth', handler: signup },
    { method: 'POST', path: '/auth/password-reset', access: 'public', limit: 'auth', handler: passwordReset },
  ];
}
