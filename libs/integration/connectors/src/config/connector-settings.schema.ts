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

/** A site's base URL: paths are appended to it, so it carries no query or fragment. */
const siteUrl = httpUrl.refine((value) => {
  const url = new URL(value);
  return url.search === '' && url.hash === '';
}, 'must be the site URL without query or fragment (e.g. https://acme.atlassian.net)');

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

/** Jira project keys: an uppercase letter, then uppercase letters, digits or underscores. */
const JIRA_PROJECT_KEY = /^[A-Z][A-Z0-9_]{0,254}$/;

const jiraCredentials = z
  .strictObject({
    email: z.email('must be the email address of the Jira account').optional(),
    apiToken: z.string().min(1, 'is required').optional(),
    token: z.string().min(1, 'is required').optional(),
  })
  .superRefine((credentials, ctx) => {
    const basic = credentials.email !== undefined || credentials.apiToken !== undefined;
    if (basic && credentials.token !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['token'], message: 'give either email and apiToken (Jira Cloud) or token (Jira Server/Data Center), not both' });
    } else if (credentials.email !== undefined && credentials.apiToken === undefined) {
      ctx.addIssue({ code: 'custom', path: ['apiToken'], message: 'is required with email (a Jira Cloud API token)' });
    } else if (credentials.apiToken !== undefined && credentials.email === undefined) {
      ctx.addIssue({ code: 'custom', path: ['email'], message: 'is required with apiToken (the account the token belongs to)' });
    } else if (!basic && credentials.token === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: 'either email and apiToken (Jira Cloud) or token (a personal access token, Jira Server/Data Center) is required',
      });
    }
  });

const jira = {
  config: z.strictObject({
    baseUrl: siteUrl,
    projectKey: z.string().regex(JIRA_PROJECT_KEY, 'must be a Jira project key (e.g. SEC: uppercase letters, digits, "_", starting with a letter)'),
    issueType: z.string().trim().min(1, 'must not be empty').max(255, 'must be at most 255 characters').default('Bug'),
    // Jira labels are single words: a space would split one label into two or be refused.
    labels: z
      .string()
      .max(500)
      .refine((value) => splitLabels(value).every((label) => !/\s/.test(label)), 'must be a comma list of labels without spaces')
      .default('security'),
    minSeverity,
  }),
  credentials: jiraCredentials,
};

export type GenericHttpSettings = { config: z.infer<typeof genericHttp.config>; credentials: z.infer<typeof genericHttp.credentials> };
export type ChatSettings = { config: z.infer<typeof chat.config>; credentials: z.infer<typeof chat.credentials> };
export type GithubSettings = { config: z.infer<typeof github.config>; credentials: z.infer<typeof github.credentials> };
export type JiraSettings = { config: z.infer<typeof jira.config>; credentials: z.infer<typeof jira.credentials> };

const SCHEMAS = { generic_http: genericHttp, slack: chat, github, jira } satisfies Record<ConnectorType, { config: z.ZodType; credentials: z.ZodType }>;

export interface SettingsViolation {
  field: string;
  description: string;
}

export type ParsedSettings<T extends ConnectorType> = T extends 'generic_http'
  ? GenericHttpSettings
  : T extends 'slack'
    ? ChatSettings
    : T extends 'github'
      ? GithubSettings
      : JiraSettings;

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
    case 'jira':
      return [{ field: 'config.baseUrl', url: (settings as JiraSettings).config.baseUrl }];
  }
}

/** A comma list of labels as trackers take them: trimmed, empty entries dropped. */
export function splitLabels(value: string): string[] {
  return value
    .split(',')
    .map((label) => label.trim())
    .filter((label) => label.length > 0);
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
