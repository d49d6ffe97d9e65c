/** What a valid, unrevoked API key resolves to. */
export interface VerifiedApiKey {
  keyId: string;
  orgId: string;
  scopes: string[];
}
