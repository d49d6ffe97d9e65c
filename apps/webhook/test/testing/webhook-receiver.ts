import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  receivedAt: number;
}

export interface ReceiverReply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** Answer only after this long (a slow partner). */
  delayMs?: number;
}

/** A local HTTP server standing in for a partner's webhook endpoint; answers via a programmable handler. */
export class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  /** Requests being answered right now, and the most seen at once. */
  inFlight = 0;
  maxInFlight = 0;
  private server?: Server;
  private port = 0;
  /** Delayed replies not sent yet; stop() cancels them so no timer outlives the receiver. */
  private readonly pendingReplies = new Set<NodeJS.Timeout>();

  constructor(
    private readonly reply: (request: ReceivedRequest, index: number) => ReceiverReply = () => ({ status: 204 }),
    private readonly host = '127.0.0.1',
  ) {}

  /** Listens on `port` (0 = any free one); a stopped receiver can start again on its old port. */
  async start(port = this.port): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const request: ReceivedRequest = {
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          receivedAt: Date.now(),
        };
        this.requests.push(request);
        const answer = this.reply(request, this.requests.length - 1);
        this.inFlight += 1;
        this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
        const send = () => {
          this.inFlight -= 1;
          res.writeHead(answer.status, answer.headers);
          res.end(answer.body ?? '');
        };
        if (!answer.delayMs) return send();
        const timer = setTimeout(() => {
          this.pendingReplies.delete(timer);
          send();
        }, answer.delayMs);
        this.pendingReplies.add(timer);
      });
    });
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', reject);
      this.server?.listen(port, this.host, () => resolve());
    });
    const address = this.server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
    return this;
  }

  get url(): string {
    return `http://${this.host}:${this.port}/hooks`;
  }

  async stop(): Promise<void> {
    for (const timer of this.pendingReplies) clearTimeout(timer);
    this.pendingReplies.clear();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
