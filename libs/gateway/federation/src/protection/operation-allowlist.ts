import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse, print, type DocumentNode } from 'graphql';

/**
 * The operations a locked-down gateway executes (persisted operations). Documents are compared
 * after normalisation (parse + print), so whitespace, commas and comments do not matter but any
 * change of fields or arguments does. Accepted files: a JSON array of documents, a JSON object
 * `{ "<id>": "<document>" }`, or an Apollo persisted query manifest
 * (`{ "format": "apollo-persisted-query-manifest", "operations": [{ "body": ... }] }`).
 */
export class OperationAllowlist {
  private readonly hashes: Set<string>;

  constructor(documents: Iterable<string>) {
    this.hashes = new Set([...documents].map((text) => hashDocument(parse(text))));
  }

  static fromFile(path: string): OperationAllowlist {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new Error(`GRAPHQL_ALLOWLIST_FILE ${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const documents = documentsOf(raw);
    if (!documents) {
      throw new Error(
        `GRAPHQL_ALLOWLIST_FILE ${path}: expected a JSON array of documents, an object of id -> document, or an Apollo persisted query manifest`,
      );
    }
    try {
      return new OperationAllowlist(documents);
    } catch (error) {
      throw new Error(`GRAPHQL_ALLOWLIST_FILE ${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  get size(): number {
    return this.hashes.size;
  }

  allows(document: DocumentNode): boolean {
    return this.hashes.has(hashDocument(document));
  }
}

function hashDocument(document: DocumentNode): string {
  return createHash('sha256').update(print(document)).digest('hex');
}

function documentsOf(raw: unknown): string[] | undefined {
  const strings = (values: unknown[]) => (values.every((v) => typeof v === 'string') ? (values as string[]) : undefined);
  if (Array.isArray(raw)) return strings(raw);
  if (!raw || typeof raw !== 'object') return undefined;
  const manifest = raw as { format?: unknown; operations?: unknown };
  if (manifest.format === 'apollo-persisted-query-manifest' && Array.isArray(manifest.operations)) {
    return strings(manifest.operations.map((operation: { body?: unknown }) => operation?.body));
  }
  return strings(Object.values(raw));
}
