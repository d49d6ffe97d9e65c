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

  it('accepts Jira with Cloud (email + API token) or Server (personal access token) credentials and fills the defaults', () => {
    const cloud = parseConnectorSettings('jira', { baseUrl: 'https://acme.atlassian.net', projectKey: 'SEC' }, { email: 'sec@acme.example', apiToken: 'atl' });
    expect(cloud).toEqual({
      settings: {
        config: { baseUrl: 'https://acme.atlassian.net', projectKey: 'SEC', issueType: 'Bug', labels: 'security', minSeverity: 'low' },
        credentials: { email: 'sec@acme.example', apiToken: 'atl' },
      },
    });
    if ('settings' in cloud) expect(outboundUrls('jira', cloud.settings)).toEqual([{ field: 'config.baseUrl', url: 'https://acme.atlassian.net' }]);
    expect('settings' in parseConnectorSettings('jira', { baseUrl: 'https://jira.acme.example/jira', projectKey: 'APP_SEC2' }, { token: 'pat' })).toBe(true);
  });

  it('names what is wrong with Jira settings: key, labels, URL, and each incomplete or mixed credential', () => {
    expect(parseConnectorSettings('jira', { baseUrl: 'https://acme.atlassian.net/?x=1', projectKey: 'sec', labels: 'security, needs triage' }, {})).toEqual({
      violations: [
        { field: 'config.baseUrl', description: 'must be the site URL without query or fragment (e.g. https://acme.atlassian.net)' },
        { field: 'config.projectKey', description: 'must be a Jira project key (e.g. SEC: uppercase letters, digits, "_", starting with a letter)' },
        { field: 'config.labels', description: 'must be a comma list of labels without spaces' },
        { field: 'credentials', description: 'either email and apiToken (Jira Cloud) or token (a personal access token, Jira Server/Data Center) is required' },
      ],
    });
    const config = { baseUrl: 'https://acme.atlassian.net', projectKey: 'SEC' };
    const credentialViolations = (credentials: Record<string, string>) => {
      const parsed = parseConnectorSettings('jira', config, credentials);
      return 'violations' in parsed ? parsed.violations : [];
    };
    expect(credentialViolations({ email: 'sec@acme.example' })).toEqual([{ field: 'credentials.apiToken', description: 'is required with email (a Jira Cloud API token)' }]);
    expect(credentialViolations({ apiToken: 'atl' })).toEqual([{ field: 'credentials.email', description: 'is required with apiToken (the account the token belongs to)' }]);
    expect(credentialViolations({ email: 'sec@acme.example', apiToken: 'atl', token: 'pat' })).toEqual([
      { field: 'credentials.token', description: 'give either email and apiToken (Jira Cloud) or token (Jira Server/Data Center), not both' },
    ]);
    expect(credentialViolations({ email: 'not an address', apiToken: 'atl' })).toEqual([{ field: 'credentials.email', description: 'must be the email address of the Jira account' }]);
  });
});
