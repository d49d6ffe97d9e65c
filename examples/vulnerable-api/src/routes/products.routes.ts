import { HttpError } from '../http/http-kit.js';
import type { RequestContext, RouteDef } from '../http/route.types.js';
import { intParam, looseBody } from '../http/validate.js';
import { productRowDump, productView, type ProductRow } from './views.js';

function listProducts(ctx: RequestContext): { body: unknown } {
  const { hardened } = ctx.app;
  // The vulnerable build hands out any page size (and SQLite's LIMIT -1 means "everything").
  const limit = intParam(ctx.query.get('limit'), 20, hardened ? { minimum: 1, maximum: 50 } : undefined);
  const offset = intParam(ctx.query.get('offset'), 0, hardened ? { minimum: 0, maximum: 100_000 } : undefined);
  const rows = ctx.app.db.prepare('SELECT * FROM products ORDER BY id LIMIT ? OFFSET ?').all(limit, offset);
  return { body: (rows as ProductRow[]).map(productView) };
}

function searchProducts(ctx: RequestContext): { body: unknown } {
  const q = ctx.query.get('q') ?? '';
  if (ctx.app.hardened) {
    if (q.length > 100) throw new HttpError(400, 'q must be at most 100 characters');
    const rows = ctx.app.db
      .prepare("SELECT * FROM products WHERE name LIKE ? ESCAPE '\\' ORDER BY id LIMIT 50")
      .all(`%${q.replace(/[\\%_]/g, '\\$&')}%`);
    return { body: (rows as ProductRow[]).map(productView) };
  }
  // String-built SQL: `'` breaks out of the literal.
  const rows = ctx.app.db.prepare(`SELECT * FROM products WHERE name LIKE '%${q}%' ORDER BY id LIMIT 50`).all();
  return { body: (rows as ProductRow[]).map(productView) };
}

function findProduct(ctx: RequestContext): ProductRow {
  const id = Number(ctx.params['productId']);
  if (!Number.isInteger(id)) throw new HttpError(400, 'productId must be an integer');
  const row = ctx.app.db.prepare('SELECT * FROM products WHERE id = ?').get(id) as ProductRow | undefined;
  if (!row) throw new HttpError(404, 'product not found');
  return row;
}

function getProduct(ctx: RequestContext): { body: unknown } {
  const row = findProduct(ctx);
  return { body: ctx.app.hardened ? productView(row) : productRowDump(row) };
}

/** Undocumented leftovers of the vulnerable build: unauthenticated catalogue writes. */
function replaceProduct(ctx: RequestContext): { body: unknown } {
  const row = findProduct(ctx);
  const input = looseBody(ctx.body);
  ctx.app.db
    .prepare('UPDATE products SET name = ?, price = ? WHERE id = ?')
    .run(String(input['name'] ?? row.name), Number(input['price'] ?? row.price), row.id);
  return { body: productRowDump(findProduct(ctx)) };
}

function deleteProduct(ctx: RequestContext): { status: number } {
  const row = findProduct(ctx);
  ctx.app.db.prepare('DELETE FROM products WHERE id = ?').run(row.id);
  return { status: 204 };
}

export function productRoutes(hardened: boolean): RouteDef[] {
  const routes: RouteDef[] = [
    { method: 'GET', path: '/products', access: 'public', handler: listProducts },
    { method: 'GET', path: '/products/search', access: 'public', handler: searchProducts },
    { method: 'GET', path: '/products/{productId}', access: 'public', handler: getProduct },
  ];
  if (!hardened) {
    routes.push(
      { method: 'PUT', path: '/products/{productId}', access: 'public', handler: replaceProduct },
      { method: 'DELETE', path: '/products/{productId}', access: 'public', handler: deleteProduct },
    );
  }
  return routes;
}
