/**
 * Errors that end the CLI with exit code 2 and one line on standard error. They live together
 * because the CLI maps them as one family; each is a few lines.
 */
export abstract class CliInputError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad arguments: unknown flag, missing value, unknown format or severity. */
export class CliUsageError extends CliInputError {}

/** The spec file or URL cannot be read, or the baseline report is unusable, or the report cannot be written. */
export class CliIoError extends CliInputError {}
