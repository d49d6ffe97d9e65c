import { startHttpServer } from '@so/testing';
import type { IncomingMessage } from 'node:http';
import type { FakeReceiver, ReceivedRequest } from './fake-receivers.js';

export interface FakeJiraIssue {
  id: string;
  key: string;
  fields: { project: { key: string }; issuetype: { name: string }; summary: string; description: string; labels: string[] };
}

export interface FakeJira extends FakeReceiver {
  issues: FakeJiraIssue[];
}

export interface FakeJiraAccess {
  /** Accepted `authorization` header values (`Basic …` for Cloud, `Bearer …` for a personal access token). */
  authorizations: string[];
  /** Projects that exist, each with the issue types it offers. */
  projects: Record<string, string[]>;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/**
 * The part of the Jira REST API v2 the connector uses, behaving as Jira does: `POST /rest/api/2/issue`
 * answers 201 `{ id, key, self }`, 401 for an unknown credential, 400 with Jira's `errors` object
 * for an unknown project or issue type. Served under `contextPath` as Jira Server often is.
 */
export async function startFakeJira(access: FakeJiraAccess, contextPath = ''): Promise<FakeJira> {
  const state = { requests: [] as ReceivedRequest[], issues: [] as FakeJiraIssue[], failWith: undefined as number | undefined };
  const server = await startHttpServer((request, response) => {
    void readBody(request).then((body) => {
      state.requests.push({ path: request.url ?? '', headers: request.headers, body });
      const json = (status: number, value: object) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
      if (request.method !== 'POST' || request.url !== `${contextPath}/rest/api/2/issue`) return json(404, { errorMessages: ['Not Found'], errors: {} });
      if (!access.authorizations.includes(request.headers.authorization ?? '')) {
        return json(401, { errorMessages: ['You do not have the permission to see the specified issue.'], errors: {} });
      }
      if (state.failWith) return json(state.failWith, { errorMessages: ['Service Unavailable'], errors: {} });
      const input = JSON.parse(body) as { fields: FakeJiraIssue['fields'] };
      const issueTypes = access.projects[input.fields.project.key];
      if (!issueTypes) return json(400, { errorMessages: [], errors: { project: 'valid project is required' } });
      if (!issueTypes.includes(input.fields.issuetype.name)) return json(400, { errorMessages: [], errors: { issuetype: 'Specify a valid issue type' } });
      const number = state.issues.filter((issue) => issue.fields.project.key === input.fields.project.key).length + 1;
      const issue = { id: String(10_000 + state.issues.length), key: `${input.fields.project.key}-${number}`, fields: input.fields };
      state.issues.push(issue);
      return json(201, { id: issue.id, key: issue.key, self: `http://127.0.0.1${contextPath}/rest/api/2/issue/${issue.id}` });
    });
  });
  return Object.assign(state, server) as FakeJira;
}
