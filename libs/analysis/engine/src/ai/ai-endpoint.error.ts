/** The chat-completions endpoint refused, failed or answered something unusable. */
export class AiEndpointError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AiEndpointError';
  }
}
