import { z } from 'zod';
import type { ConnectorType } from '../connector.types.js';
import { SEVERITIES } from '../severity.js';

const httpUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}, 'must be an http(s) URL without user info');

const minSeverity = z.enum(SEVERITIES, { message: `must be one of ${SEVERITIES.join(', ')}` }).default('low');

/** GitHub owner and repository names. */
const GITHUB_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

const genericHttp = {
  config: z.strictObject({ url: httpUrl, minSeverity }),
  credentials: z.strictObject({ signingSecret: z.string().min(16, 'must be at least 16 characters').optional() }),
};

const chat = {
  config: z.strictObject({ minSeverity }),
  // The incoming-webhook URL is the credential: whoever knows it can post.
  credentials: z.strictObject({ webhookUrl: httpUrl }),
};

const github = {
  config: z.strictObject({
    owner: z.string().regex(GITHUB_NAME, 'must be a GitHub owner name'),
    repo: z.string().regex(GITHUB_NAME, 'must be a GitHub repository name'),
    apiUrl: httpUrl.default('https://api.github.com'),
    labels: z.string().max(500).default('security'),
    minSeverity,
  }),
  credentials: z.strictObject({ token: z.string().min(1, 'is required') }),
};

export type GenericHttpSettings = { config: z.infer<typeof genericHttp.config>; credentials: z.infer<typeof genericHttp.credentials> };
export type ChatSettings = { config: z.infer<typeof chat.config>; credentials: z.infer<typeof chat.credentials> };
export type GithubSettings = { config: z.infer<typeof github.config>; credentials: z.infer<typeof github.credentials> };

const SCHEMAS = { generic_http: genericHttp, slack: chat, github } satisfies Record<ConnectorType, { config: z.ZodType; credentials: z.ZodType }>;

export interface SettingsViolation {
  field: string;
  description: string;
}

export type ParsedSettings<T extends ConnectorType> = T extends 'generic_http' ? GenericHttpSettings : T extends 'slack' ? ChatSettings : GithubSettings;

/** Validates an integration's config and credentials for its type; violations name `config.<key>` / `credentials.<key>`. */
export function parseConnectorSettings<T extends ConnectorType>(
  type: T,
  config: Readonly<Record<string, string>>,
  credentials: Readonly<Record<string, string>>,
): { settings: ParsedSettings<T> } | { violations: SettingsViolation[] } {
  const schema = SCHEMAS[type];
  const parsedConfig = schema.config.safeParse(config);
  const parsedCredentials = schema.credentials.safeParse(credentials);
  const violations = [...issues('config', parsedConfig), ...issues('credentials', parsedCredentials)];
  if (violations.length > 0 || !parsedConfig.success || !parsedCredentials.success) return { violations };
  return { settings: { config: parsedConfig.data, credentials: parsedCredentials.data } as ParsedSettings<T> };
}

/** The URLs a connector of this type will call, for the address check at creation. */
export function outboundUrls(type: ConnectorType, settings: ParsedSettings<ConnectorType>): Array<{ field: string; url: string }> {
  switch (type) {
    case 'generic_http':
      return [{ field: 'config.url', url: (settings as GenericHttpSettings).config.url }];
    case 'slack':
      return [{ field: 'credentials.webhookUrl', url: (settings as ChatSettings).credentials.webhookUrl }];
    case 'github':
      return [{ field: 'config.apiUrl', url: (settings as GithubSettings).config.apiUrl }];
  }
}

function issues(prefix: 'config' | 'credentials', result: { success: boolean; error?: z.ZodError }): SettingsViolation[] {
  if (result.success || !result.error) return [];
  return result.error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: `${prefix}.${key}`, description: 'is not a setting of this integration type' }));
    }
    const path = issue.path.map(String).join('.');
    const missing = issue.code === 'invalid_type' && issue.input === undefined;
    return [{ field: path ? `${prefix}.${path}` : prefix, description: missing ? 'is required' : issue.message }];
  });
}
