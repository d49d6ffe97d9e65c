import { ChatWebhookConnector } from './chat/chat-webhook.connector.js';
import type { Connector, ConnectorType } from './connector.types.js';
import { GenericHttpConnector } from './generic/generic-http.connector.js';
import { GithubIssuesConnector } from './github/github-issues.connector.js';
import type { ConnectorHttpClient } from './http/connector-http.client.js';
import { JiraIssuesConnector } from './jira/jira-issues.connector.js';

/** The connector of each integration type, all sharing one HTTP pool. */
export class ConnectorRegistry {
  private readonly connectors: { readonly [T in ConnectorType]: Connector };

  constructor(http: ConnectorHttpClient) {
    this.connectors = {
      generic_http: new GenericHttpConnector(http),
      slack: new ChatWebhookConnector(http),
      github: new GithubIssuesConnector(http),
      jira: new JiraIssuesConnector(http),
    };
  }

  get(type: ConnectorType): Connector {
    return this.connectors[type];
  }
}
