/** `so --help`. Kept beside the parser so a new flag and its line land together. */
export const USAGE = `Usage: so scan <spec-file-or-url> [options]
       so scan --target <base-url> [options]

Audits an OpenAPI 2/3 document and, with --target, probes the live API for
OWASP API Security Top 10 (2023) flaws. Meant for CI pipelines.

Options:
  --target <url>          live base URL to probe (http or https)
  -f, --format <format>   sarif | json | junit | html | text
                          (default: from the --output extension, else text)
  -o, --output <file>     write the report to this file (default: standard output)
  --fail-on <severity>    exit 1 when a finding is at or above this severity:
                          critical | high | medium | low | info | none (default: high)
  --deep                  also call write operations (POST, PUT, PATCH, DELETE) without
                          credentials and send a malformed JSON body: test environments only
  --allow <host|cidr>     let the scan reach this private or loopback host, address or
                          range (repeatable, or comma-separated); the spec URL too
  --baseline <file>       an earlier JSON report: list what is new, fixed and remaining
  --sarif-anchor <path>   repository file SARIF results point at when the spec is not a
                          repository file (a spec URL or a target-only scan)
  --timeout <seconds>     give up after this long (default: 300; 0 = no limit)
  --max-depth <n>         skip operations with more than n path segments (default: 10; 0 = no limit)
  -q, --quiet             no progress lines on standard error
  -h, --help              this text
  -v, --version           the version

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above --fail-on,
2 usage or input error (bad flag, unreadable spec, refused or unreachable target),
3 unexpected internal error, 130 interrupted.

Examples:
  so scan openapi.yaml --format sarif --output results.sarif
  so scan openapi.yaml --target https://staging.example.com --fail-on medium -o report.html
  so scan http://127.0.0.1:8080/openapi.json --target http://127.0.0.1:8080 --allow 127.0.0.1
`;
