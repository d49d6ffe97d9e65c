import Database from 'better-sqlite3';
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type SqliteDatabase = Database.Database;

export interface UserRow {
  id: number;
  username: string;
  email: string;
  password_hash: string;
  role: string;
  display_name: string;
  api_key: string;
}

export interface SeedUser {
  username: string;
  password: string;
  email: string;
  role: 'user' | 'admin';
}

/** The demo accounts; their passwords are printed by the CLI and used by the tests. */
export const SEED_USERS: readonly SeedUser[] = [
  { username: 'alice', password: 'alice-password-1', email: 'alice@shop.example', role: 'user' },
  { username: 'bob', password: 'bob-password-1', email: 'bob@shop.example', role: 'user' },
  { username: 'admin', password: 'admin-password-1', email: 'admin@shop.example', role: 'admin' },
];

/** Enough products that "give me 1000 per page" visibly returns far more than any sane page. */
const PRODUCT_COUNT = 300;

/** Cheap scrypt parameters: the demo hashes on every signup and login burst, strength is not the point. */
const SCRYPT = { N: 1024, r: 8, p: 1 };

export function hashPassword(password: string): string {
  const salt = randomBytes(8).toString('hex');
  return `scrypt$${salt}$${scryptSync(password, salt, 24, SCRYPT).toString('hex')}`;
}

export function verifyPassword(password: string, stored: string): boolean {
  const [, salt, hash] = stored.split('$');
  if (!salt || !hash) return false;
  const expected = Buffer.from(hash, 'hex');
  const actual = scryptSync(password, salt, expected.length, SCRYPT);
  return timingSafeEqual(actual, expected);
}

export interface OpenedDatabase {
  db: SqliteDatabase;
  close(): void;
}

/**
 * A real SQLite file (not an in-memory map) so injected SQL really reaches a SQL parser and
 * writes (mass assignment, deletes) really persist. The file lives in a fresh temp folder that
 * `close` removes, unless the caller names a file to keep.
 */
export function openDatabase(file?: string): OpenedDatabase {
  const folder = file ? undefined : mkdtempSync(join(tmpdir(), 'vulnerable-api-'));
  const db = new Database(file ?? join(folder!, 'shop.sqlite'));
  db.pragma('journal_mode = WAL');
  createSchema(db);
  seed(db);
  return {
    db,
    close: () => {
      db.close();
      if (folder) rmSync(folder, { recursive: true, force: true });
    },
  };
}

function createSchema(db: SqliteDatabase): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS users (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      username TEXT NOT NULL UNIQUE,
      email TEXT NOT NULL,
      password_hash TEXT NOT NULL,
      role TEXT NOT NULL DEFAULT 'user',
      display_name TEXT NOT NULL DEFAULT '',
      api_key TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS products (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      name TEXT NOT NULL,
      price REAL NOT NULL,
      cost_price REAL NOT NULL,
      supplier_email TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS orders (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      user_id INTEGER NOT NULL REFERENCES users(id),
      product_id INTEGER NOT NULL,
      quantity INTEGER NOT NULL,
      note TEXT NOT NULL DEFAULT '',
      status TEXT NOT NULL DEFAULT 'placed',
      created_at TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS password_resets (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      email TEXT NOT NULL,
      token TEXT NOT NULL,
      created_at TEXT NOT NULL
    );
  `);
}

function seed(db: SqliteDatabase): void {
  const seeded = db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number };
  if (seeded.n > 0) return;
  const insertUser = db.prepare(
    'INSERT INTO users (username, email, password_hash, role, display_name, api_key) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const insertProduct = db.prepare(
    'INSERT INTO products (name, price, cost_price, supplier_email) VALUES (?, ?, ?, ?)',
  );
  const insertOrder = db.prepare(
    'INSERT INTO orders (user_id, product_id, quantity, note, status, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  db.transaction(() => {
    for (const user of SEED_USERS) {
      const displayName = user.username[0]!.toUpperCase() + user.username.slice(1);
      insertUser.run(user.username, user.email, hashPassword(user.password), user.role, displayName, apiKey());
    }
    for (let i = 1; i <= PRODUCT_COUNT; i++) {
      insertProduct.run(`Product ${i}`, 10 + (i % 50), 4 + (i % 20), `supplier${i % 7}@wholesale.example`);
    }
    const created = '2025-01-01T12:00:00.000Z';
    // alice owns orders 1 and 2, bob 3 and 4: the pairs the BOLA checks cross.
    insertOrder.run(1, 1, 1, 'gift wrap', 'placed', created);
    insertOrder.run(1, 2, 2, '', 'shipped', created);
    insertOrder.run(2, 3, 1, 'leave at the door', 'placed', created);
    insertOrder.run(2, 4, 5, '', 'placed', created);
  })();
}

function apiKey(): string {
  return `sk_live_${randomBytes(16).toString('hex')}`;
}
