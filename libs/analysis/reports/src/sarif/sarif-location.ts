import type { FindingLocation } from '@so/analysis-engine';
import type { Location, PhysicalLocation } from 'sarif';
import type { ReportModel } from '../report.types.js';
import { isUrl } from '../report-input.js';
import { locationLabel } from '../rule-metadata.js';

/** The file every result of a run is anchored at, and whether lines in findings refer to it. */
export interface SarifAnchor {
  uri: string;
  /** True when `uri` is the spec file itself, so finding lines and columns point into it. */
  isSpecFile: boolean;
}

/**
 * GitHub code scanning rejects the whole upload when one result lacks
 * `physicalLocation.artifactLocation.uri`, and does not accept http(s) URIs there. Results are
 * anchored at the spec file (relative path, or file:// for an absolute one); a spec fetched from a
 * URL or a target-only run gets a file-style path made of host and path (`api.example.com/openapi.json`),
 * unless the caller names a repository file with `anchorUri`.
 */
export function sarifAnchor(model: ReportModel, anchorUri?: string): SarifAnchor {
  const { specPath, target } = model.analysis;
  if (anchorUri) return { uri: fileStyleUri(anchorUri), isSpecFile: specPath !== undefined && anchorUri === specPath };
  if (specPath && !isUrl(specPath)) return { uri: fileStyleUri(specPath), isSpecFile: true };
  const source = specPath ?? target;
  if (source) return { uri: urlAsRelativePath(source), isSpecFile: false };
  return { uri: fileStyleUri(model.tool.name || 'report'), isSpecFile: false };
}

/** A path as a SARIF `uri-reference`: forward slashes, segments percent-encoded, absolute -> file://. */
export function fileStyleUri(path: string): string {
  const slashed = path.trim().replace(/\\/g, '/');
  const drive = /^([A-Za-z]):\//.exec(slashed);
  const absolute = slashed.startsWith('/') || drive !== null;
  const body = (drive ? slashed.slice(3) : slashed)
    .split('/')
    .filter((segment, index) => segment !== '' && !(segment === '.' && index === 0))
    .map((segment) => encodeURIComponent(segment))
    .join('/');
  if (!absolute) return body || '.';
  return drive ? `file:///${drive[1]}:/${body}` : `file:///${body}`;
}

/** `https://api.example.com:8443/v1/openapi.json` -> `api.example.com_8443/v1/openapi.json`. */
export function urlAsRelativePath(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fileStyleUri(value.replace(/^[a-z][a-z0-9+.-]*:\/\//i, ''));
  }
  const host = url.host.replace(/[[\]:]/g, '_');
  const path = url.pathname.replace(/\/+$/, '');
  return `${encodeURIComponent(host)}${path}`;
}

/** One SARIF location for a finding location: the spec line when known, else line 1 of the anchor. */
export function sarifLocation(anchor: SarifAnchor, location: Omit<FindingLocation, 'others'>): Location {
  const physicalLocation: PhysicalLocation = {
    artifactLocation: { uri: anchor.uri },
    region: regionOf(anchor, location),
  };
  return { physicalLocation, message: { text: locationLabel(location) } };
}

function regionOf(anchor: SarifAnchor, location: Omit<FindingLocation, 'others'>): PhysicalLocation['region'] {
  if (!anchor.isSpecFile || !isPositive(location.line)) return { startLine: 1 };
  return isPositive(location.column)
    ? { startLine: location.line, startColumn: location.column }
    : { startLine: location.line };
}

function isPositive(value: number | undefined): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1;
}
