import type { EngineCredentials } from '../engine.types.js';
import { InvalidOptionsError } from '../errors/engine.errors.js';

/** Who a probe speaks as. `anonymous` sends no credential at all. */
export type CredentialRole = 'primary' | 'secondary' | 'lowPrivilege' | 'anonymous';

/** Credentials checked and turned into ready-to-send headers. */
export class ResolvedCredentials {
  readonly headerName: string;
  private readonly values: Partial<Record<Exclude<CredentialRole, 'anonymous'>, string>>;

  constructor(credentials: EngineCredentials | undefined) {
    this.headerName = (credentials?.headerName ?? 'authorization').trim().toLowerCase();
    if (!/^[a-z0-9!#$%&'*+.^_`|~-]+$/.test(this.headerName)) {
      throw new InvalidOptionsError(
        `credentials.headerName is not a valid header name: ${JSON.stringify(credentials?.headerName)}`,
      );
    }
    const primary = this.check('primary', credentials?.primary);
    const secondary = this.check('secondary', credentials?.secondary);
    const lowPrivilege = this.check('lowPrivilege', credentials?.lowPrivilege) ?? secondary ?? primary;
    this.values = {
      ...(primary ? { primary } : {}),
      ...(secondary ? { secondary } : {}),
      ...(lowPrivilege ? { lowPrivilege } : {}),
    };
  }

  has(role: CredentialRole): boolean {
    return role === 'anonymous' || this.values[role] !== undefined;
  }

  /** Headers that authenticate as `role`; empty for `anonymous` or a role without a credential. */
  headers(role: CredentialRole): Record<string, string> {
    if (role === 'anonymous') return {};
    const value = this.values[role];
    return value ? { [this.headerName]: value } : {};
  }

  /** The bearer token of a role when the credential is one (for the JWT checks). */
  bearerToken(role: Exclude<CredentialRole, 'anonymous'>): string | undefined {
    const value = this.values[role];
    if (!value || this.headerName !== 'authorization') return undefined;
    return /^Bearer\s+(\S+)$/i.exec(value)?.[1];
  }

  /** The header carrying `token` the way the primary credential carries its own. */
  withToken(token: string): Record<string, string> {
    return { [this.headerName]: this.headerName === 'authorization' ? `Bearer ${token}` : token };
  }

  private check(name: string, raw: string | undefined): string | undefined {
    if (raw === undefined) return undefined;
    const value = raw.trim();
    if (value === '') return undefined;
    // A line break would let a credential smuggle extra headers into every probe.
    if (/[\r\n\0]/.test(value) || value.length > 8192) {
      throw new InvalidOptionsError(`credentials.${name} must be one line of at most 8192 characters`);
    }
    return this.headerName === 'authorization' && !/\s/.test(value) ? `Bearer ${value}` : value;
  }
}
