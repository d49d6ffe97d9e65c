/** name → [compiled module, exported function]: every benchmark `npm run bench` knows. */
export const BENCHMARKS = {
  'job-bus': ['dist/bench/job-bus/job-bus.bench.js', 'runJobBusBenchmark'],
  rest: ['dist/bench/rest/rest.bench.js', 'runRestBenchmark'],
  grpc: ['dist/bench/grpc/grpc.bench.js', 'runGrpcBenchmark'],
  webhooks: ['dist/bench/webhooks/webhooks.bench.js', 'runWebhooksBenchmark'],
  integrations: ['dist/bench/integrations/integrations.bench.js', 'runIntegrationsBenchmark'],
  'static-audit': ['dist/bench/static-audit/static-audit.bench.js', 'runStaticAuditBenchmark'],
  graphql: ['dist/bench/graphql/graphql.bench.js', 'runGraphqlBenchmark'],
  'findings-lifecycle': ['dist/bench/findings-lifecycle/findings-lifecycle.bench.js', 'runFindingsLifecycleBenchmark'],
};
