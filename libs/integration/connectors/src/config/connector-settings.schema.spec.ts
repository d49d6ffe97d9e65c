import { outboundUrls, parseConnectorSettings } from './connector-settings.schema.js';

describe('connector settings', () => {
  it('accepts a complete GitHub configuration and fills the defaults', () => {
    const parsed = parseConnectorSettings('github', { owner: 'acme', repo: 'shop-api' }, { token: 't' });
    expect(parsed).toEqual({
      settings: {
        config: { owner: 'acme', repo: 'shop-api', apiUrl: 'https://api.github.com', labels: 'security', minSeverity: 'low' },
        credentials: { token: 't' },
      },
    });
    if ('settings' in parsed) expect(outboundUrls('github', parsed.settings)).toEqual([{ field: 'config.apiUrl', url: 'https://api.github.com' }]);
  });

  it('names every missing, malformed and unknown key with its config/credentials prefix', () => {
    expect(parseConnectorSettings('generic_http', { url: 'ftp://x', extra: '1' }, { signingSecret: 'short' })).toEqual({
      violations: [
        { field: 'config.url', description: 'must be an http(s) URL without user info' },
        { field: 'config.extra', description: 'is not a setting of this integration type' },
        { field: 'credentials.signingSecret', description: 'must be at least 16 characters' },
      ],
    });
    expect(parseConnectorSettings('slack', {}, {})).toEqual({ violations: [{ field: 'credentials.webhookUrl', description: 'is required' }] });
  });

  it('refuses URLs that carry user info, which would leak into logs and status messages', () => {
    expect('violations' in parseConnectorSettings('generic_http', { url: 'https://user:pw@example.com/' }, {})).toBe(true);
  });
});
