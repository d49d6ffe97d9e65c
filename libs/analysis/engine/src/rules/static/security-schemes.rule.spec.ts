import { auditWith, oas3, ruleIds } from '../../testing/static-family-audit.js';
import {
  JWT_PRACTICES_UNDECLARED,
  LONG_LIVED_TOKENS,
  securitySchemesRule,
  WEAK_AUTH_SCHEME,
} from './security-schemes.rule.js';

const withSchemes = (securitySchemes: object): object => oas3({}, { components: { securitySchemes } });

describe('security schemes rule family', () => {
  it('flags Basic, Negotiate and OAuth 1.0 HTTP schemes, whatever their case, at the scheme', async () => {
    const drafts = await auditWith(
      securitySchemesRule,
      withSchemes({
        basic: { type: 'http', scheme: 'Basic' },
        ntlm: { type: 'http', scheme: 'negotiate' },
        oauth1: { type: 'http', scheme: 'OAuth' },
      }),
    );
    expect(drafts.filter((d) => d.ruleId === WEAK_AUTH_SCHEME.id).map((d) => [d.location.pointer, d.title])).toEqual([
      ['/components/securitySchemes/basic', `${WEAK_AUTH_SCHEME.title}: HTTP Basic`],
      ['/components/securitySchemes/ntlm', `${WEAK_AUTH_SCHEME.title}: Negotiate (NTLM/Kerberos over HTTP)`],
      ['/components/securitySchemes/oauth1', `${WEAK_AUTH_SCHEME.title}: OAuth 1.0`],
    ]);
  });

  it('flags Swagger 2 basic security definitions', async () => {
    const drafts = await auditWith(securitySchemesRule, {
      swagger: '2.0',
      info: { title: 'Legacy', version: '1' },
      paths: {},
      securityDefinitions: { login: { type: 'basic' } },
    });
    expect(drafts).toMatchObject([
      { ruleId: WEAK_AUTH_SCHEME.id, location: { pointer: '/securityDefinitions/login' } },
    ]);
  });

  it('leaves bearer, apiKey, OpenID Connect and unknown schemes alone', async () => {
    const drafts = await auditWith(
      securitySchemesRule,
      withSchemes({
        bearer: { type: 'http', scheme: 'bearer' },
        key: { type: 'apiKey', in: 'header', name: 'X-Key' },
        odd: { type: 'http', scheme: 'constructor' },
        oidc: { type: 'openIdConnect', openIdConnectUrl: 'https://id.example/.well-known/openid-configuration' },
      }),
    );
    expect(drafts).toEqual([]);
  });

  it('asks JWT bearer and OAuth 2 schemes to cite RFC 8725, and accepts it spelled with a space', async () => {
    const drafts = await auditWith(
      securitySchemesRule,
      withSchemes({
        jwt: { type: 'http', scheme: 'bearer', bearerFormat: 'jwt' },
        jwtOk: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'JWS tokens per RFC 8725.' },
        oauth: {
          type: 'oauth2',
          description: 'Follows RFC8725',
          flows: { clientCredentials: { tokenUrl: 'https://id.example/token', scopes: {} } },
        },
        opaque: { type: 'http', scheme: 'bearer', bearerFormat: 'opaque' },
      }),
    );
    expect(drafts).toMatchObject([
      { ruleId: JWT_PRACTICES_UNDECLARED.id, location: { pointer: '/components/securitySchemes/jwt' } },
    ]);
  });

  it('groups user-facing OAuth 2 flows without refreshUrl into one finding per scheme', async () => {
    const drafts = await auditWith(
      securitySchemesRule,
      withSchemes({
        oauth: {
          type: 'oauth2',
          description: 'RFC 8725',
          flows: {
            authorizationCode: {
              authorizationUrl: 'https://id.example/a',
              tokenUrl: 'https://id.example/t',
              scopes: {},
            },
            implicit: { authorizationUrl: 'https://id.example/a', scopes: {} },
            password: { tokenUrl: 'https://id.example/t', refreshUrl: 'https://id.example/r', scopes: {} },
            clientCredentials: { tokenUrl: 'https://id.example/t', scopes: {} },
          },
        },
      }),
    );
    expect(ruleIds(drafts)).toEqual([LONG_LIVED_TOKENS.id]);
    expect(drafts[0]?.location.pointer).toBe('/components/securitySchemes/oauth/flows/authorizationCode');
    expect(drafts[0]?.location.others?.map((o) => o.pointer)).toEqual([
      '/components/securitySchemes/oauth/flows/implicit',
    ]);
    expect(drafts[0]?.detail).toContain('implicit (cannot refresh');
  });
});
