import type { UserRow } from '../data/database.js';

export interface OrderRow {
  id: number;
  user_id: number;
  product_id: number;
  quantity: number;
  note: string;
  status: string;
  created_at: string;
}

export interface ProductRow {
  id: number;
  name: string;
  price: number;
  cost_price: number;
  supplier_email: string;
}

/** What the User schema declares. */
export function userView(user: UserRow): Record<string, unknown> {
  return { id: user.id, username: user.username, email: user.email, role: user.role, displayName: user.display_name };
}

/** The vulnerable build serializes the whole row: password hash and API key included. */
export function userRowDump(user: UserRow): Record<string, unknown> {
  return { ...userView(user), passwordHash: user.password_hash, apiKey: user.api_key };
}

export function orderView(order: OrderRow): Record<string, unknown> {
  return {
    id: order.id,
    userId: order.user_id,
    productId: order.product_id,
    quantity: order.quantity,
    note: order.note,
    status: order.status,
    createdAt: order.created_at,
  };
}

export function productView(product: Pick<ProductRow, 'id' | 'name' | 'price'>): Record<string, unknown> {
  return { id: product.id, name: product.name, price: product.price };
}

/** Internal columns the Product schema never mentions. */
export function productRowDump(product: ProductRow): Record<string, unknown> {
  return { ...productView(product), costPrice: product.cost_price, supplierEmail: product.supplier_email };
}
