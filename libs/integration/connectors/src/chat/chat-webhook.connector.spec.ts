import type { FindingBatch, FindingToPush } from '../connector.types.js';
import { chatMessage } from './chat-webhook.connector.js';

const finding = (n: number): FindingToPush => ({
  findingId: `f${n}`,
  fingerprint: `fp${n}`,
  title: `<script> & title ${n}`,
  severity: 'high',
  ruleId: 'R',
  owaspCategory: 'API1:2023',
  cweId: null,
  location: null,
});

const batch = (count: number): FindingBatch => ({
  deliveryId: 'd',
  integrationId: 'i',
  projectId: 'shop',
  analysisId: 'a',
  correlationId: 'c',
  score: null,
  findings: Array.from({ length: count }, (_, n) => finding(n)),
});

describe('chat message', () => {
  it('escapes the Slack control characters in finding text', () => {
    expect(chatMessage(batch(1)).blocks[1]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: '• *HIGH* &lt;script&gt; &amp; title 0 (API1:2023)' } });
  });

  it('lists at most 20 findings and summarises the rest', () => {
    const message = chatMessage(batch(25));
    expect(message.text).toBe('25 security findings in project shop (analysis a)');
    const lines = (message.blocks[1] as { text: { text: string } }).text.text.split('\n');
    expect(lines).toHaveLength(21);
    expect(lines.at(-1)).toBe('…and 5 more');
  });
});
