import { readFileSync } from 'node:fs';

export interface ManifestFlaw {
  id: string;
  title: string;
  /** `API1:2023` ... `API10:2023` */
  owasp: string;
  cwe: string;
  /** `static`: found by reading the OpenAPI document; `dynamic`: by probing the running API. */
  detection: 'static' | 'dynamic';
  /** SecurityOrchestrator rule expected to report it. */
  ruleId: string;
  /** Operation the finding must point at; null for flaws of the whole API (headers, CORS, tokens). */
  operation: { method: string; path: string } | null;
  /** Static flaws: JSON pointer (prefix) into the OpenAPI document the finding must point at. */
  pointer?: string;
  /** Only a deep scan (write requests) can find it. */
  deepScanOnly: boolean;
  hardenedFix: string;
}

export interface FlawManifest {
  description: string;
  scan: {
    deepScan: boolean;
    credentials: { primary: string; secondary: string; lowPrivilege: string };
    targetAllowList: string[];
  };
  flaws: ManifestFlaw[];
}

export function loadManifest(): FlawManifest {
  return JSON.parse(readFileSync(new URL('../manifest.json', import.meta.url), 'utf8')) as FlawManifest;
}
