import type { FindingBatch, FindingToPush } from '../connector.types.js';
import { escapeWiki, jiraIssueRequest } from './jira-issue.payload.js';

const finding: FindingToPush = {
  findingId: 'f1',
  fingerprint: 'a1b2c3',
  title: 'BOLA on {orders} | *all* [users]\nsecond line',
  severity: 'high',
  ruleId: 'API1-BOLA',
  owaspCategory: 'API1:2023',
  cweId: 'CWE-639',
  location: 'GET /orders/{id}',
};

const batch: FindingBatch = { deliveryId: 'd', integrationId: 'i', projectId: 'shop-api', analysisId: 'a-1', correlationId: 'c', score: 40, findings: [finding] };

const config = { baseUrl: 'https://acme.atlassian.net', projectKey: 'SEC', issueType: 'Task', labels: 'security, api', minSeverity: 'low' as const };

describe('Jira issue payload', () => {
  it('fills project, issue type, a one-line summary and the labels', () => {
    const { fields } = jiraIssueRequest(config, batch, finding);
    expect(fields).toMatchObject({
      project: { key: 'SEC' },
      issuetype: { name: 'Task' },
      summary: '[high] BOLA on {orders} | *all* [users] second line',
      labels: ['security', 'api'],
    });
    expect(jiraIssueRequest(config, batch, { ...finding, title: 'x'.repeat(400) }).fields.summary).toHaveLength(255);
  });

  it('describes severity, OWASP, CWE (linked), location, rule and the fingerprint, with finding text escaped', () => {
    const { description } = jiraIssueRequest(config, batch, finding).fields;
    expect(description).toContain('h3. BOLA on \\{orders\\} \\| \\*all\\* \\[users\\] second line');
    expect(description).toContain('||Severity|HIGH|');
    expect(description).toContain('||OWASP|API1:2023|');
    expect(description).toContain('||CWE|[CWE-639|https://cwe.mitre.org/data/definitions/639.html]|');
    expect(description).toContain('||Location|GET /orders/\\{id\\}|');
    expect(description).toContain('||Rule|API1-BOLA|');
    expect(description).toContain('/api/v1/analyses/a-1/report.html');
    expect(description).toContain('security-orchestrator fingerprint: a1b2c3');
  });

  it('leaves out CWE and location rows the finding does not have', () => {
    const { description } = jiraIssueRequest(config, batch, { ...finding, cweId: null, location: null }).fields;
    expect(description).not.toContain('||CWE|');
    expect(description).not.toContain('||Location|');
  });

  it('escapes every wiki markup character so a value stays literal text', () => {
    expect(escapeWiki('[x|javascript:alert(1)] {code} !img.png! \\')).toBe('\\[x\\|javascript:alert(1)\\] \\{code\\} \\!img.png\\! \\\\');
    expect(escapeWiki('-struck- a--b ----')).toBe('\\-struck\\- a\\-\\-b \\-\\-\\-\\-');
    expect(escapeWiki('CWE-639 b189feaa-7fbb')).toBe('CWE-639 b189feaa-7fbb');
  });
});
