type Schema = Record<string, unknown>;

const str = (hardened: boolean, maxLength: number, extra: Schema = {}): Schema =>
  hardened ? { type: 'string', maxLength, ...extra } : { type: 'string', ...stripBounds(extra) };

/** The vulnerable document leaves out bounds and patterns (its server does not check them either). */
function stripBounds(extra: Schema): Schema {
  const { pattern: _p, minLength: _m, enum: _e, ...rest } = extra;
  return rest;
}

const int = (hardened: boolean, minimum: number, maximum: number, extra: Schema = {}): Schema =>
  hardened ? { type: 'integer', minimum, maximum, ...extra } : { type: 'integer', ...extra };

/** Request objects refuse unknown properties in the hardened document. */
const input = (hardened: boolean, schema: Schema): Schema =>
  hardened ? { type: 'object', additionalProperties: false, ...schema } : { type: 'object', ...schema };

const EMAIL_PATTERN = '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$';

export function buildSchemas(hardened: boolean): Record<string, Schema> {
  return {
    Credentials: input(hardened, {
      required: ['username', 'password'],
      properties: {
        username: str(hardened, 64, { example: 'alice' }),
        password: str(hardened, 128, { format: 'password', example: 'correct-horse-battery' }),
      },
    }),
    Token: {
      type: 'object',
      properties: { token: { type: 'string' }, tokenType: { type: 'string' }, expiresIn: { type: 'integer' } },
    },
    NewAccount: input(hardened, {
      required: ['username', 'password', 'email'],
      properties: {
        username: str(hardened, 32, { minLength: 3, pattern: '^[a-z0-9_]+$', example: 'new_user' }),
        password: str(hardened, 128, { minLength: 10, format: 'password', example: 'a-long-passphrase' }),
        email: str(hardened, 254, { format: 'email', pattern: EMAIL_PATTERN, example: 'new.user@shop.example' }),
      },
    }),
    Account: { type: 'object', properties: { id: { type: 'integer' }, username: { type: 'string' } } },
    PasswordResetRequest: input(hardened, {
      required: ['email'],
      properties: {
        email: str(hardened, 254, { format: 'email', pattern: EMAIL_PATTERN, example: 'alice@shop.example' }),
      },
    }),
    Accepted: { type: 'object', properties: { status: { type: 'string' }, accepted: { type: 'boolean' } } },
    User: {
      type: 'object',
      properties: {
        id: { type: 'integer' },
        username: { type: 'string' },
        email: { type: 'string' },
        role: hardened ? { type: 'string', readOnly: true } : { type: 'string' },
        displayName: { type: 'string' },
      },
    },
    UserUpdate: input(hardened, {
      properties: {
        email: str(hardened, 254, { format: 'email', pattern: EMAIL_PATTERN }),
        displayName: str(hardened, 100),
      },
    }),
    Order: {
      type: 'object',
      properties: {
        id: { type: 'integer' },
        userId: { type: 'integer' },
        productId: { type: 'integer' },
        quantity: { type: 'integer' },
        note: { type: 'string' },
        status: { type: 'string' },
        createdAt: { type: 'string', format: 'date-time' },
      },
    },
    NewOrder: input(hardened, {
      required: ['productId', 'quantity'],
      properties: {
        productId: int(hardened, 1, 1_000_000_000, { example: 1 }),
        quantity: int(hardened, 1, 100, { example: 1 }),
        note: str(hardened, 500),
      },
    }),
    Product: {
      type: 'object',
      properties: { id: { type: 'integer' }, name: { type: 'string' }, price: { type: 'number' } },
    },
    WebhookTest: input(hardened, {
      required: ['url'],
      properties: {
        url: str(hardened, 2048, {
          format: 'uri',
          pattern: '^https://hooks\\.partner\\.example/',
          example: 'https://hooks.partner.example/shop',
        }),
      },
    }),
    WebhookResult: {
      type: 'object',
      properties: {
        delivered: { type: 'boolean' },
        status: { type: 'integer' },
        bodyExcerpt: { type: 'string' },
        queued: { type: 'boolean' },
      },
    },
    ShippingEvent: input(hardened, {
      required: ['orderId', 'status'],
      properties: {
        orderId: int(hardened, 1, 1_000_000_000, { example: 2 }),
        status: str(hardened, 20, { enum: ['shipped', 'delivered', 'returned'], example: 'delivered' }),
        trackingUrl: str(hardened, 500, { pattern: '^https://track\\.carrier\\.example/' }),
      },
    }),
    ServiceInfo: { type: 'object', properties: { name: { type: 'string' }, docs: { type: 'string' } } },
    Health: { type: 'object', properties: { status: { type: 'string' } } },
    Error: hardened
      ? {
          type: 'object',
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            errorId: { type: 'string' },
          },
        }
      : { type: 'object', properties: { error: { type: 'string' } } },
  };
}
