import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { committedSubgraphPath, composeSupergraph, fetchSubgraphSdl, SUBGRAPH_NAMES } from '@so/gateway-federation';
import { createTestDatabase, leaseTestRedis, type TestDatabase, type TestRedisLease } from '@so/testing';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { bootPlatform, type RunningPlatform } from '../support/boot-platform.js';

/** `npm run graphql:sdl` runs this file with UPDATE_GRAPHQL_SDL=1 to rewrite the committed files. */
const UPDATE = process.env.UPDATE_GRAPHQL_SDL === '1';

/** The subgraphs the built services serve, against the committed SDL files and each other. */
describe('GraphQL schema - committed subgraph SDL', () => {
  let database: TestDatabase;
  let redis: TestRedisLease;
  let platform: RunningPlatform;
  const live = new Map<string, string>();

  beforeAll(async () => {
    database = await createTestDatabase();
    redis = await leaseTestRedis();
    platform = await bootPlatform({ databaseUrl: database.url, redisUrl: redis.url });
    for (const name of SUBGRAPH_NAMES) live.set(name, await fetchSubgraphSdl(platform.subgraphUrls[name]));
  }, 120_000);

  afterAll(async () => {
    await platform?.close();
    await redis?.release();
    await database?.drop();
  }, 60_000);

  it.each(SUBGRAPH_NAMES)('SDL - the %s subgraph serves exactly its committed SDL', (name) => {
    const path = committedSubgraphPath(name);
    const served = `${(live.get(name) ?? '').trim()}\n`;
    if (UPDATE) writeFileSync(path, served);
    const committed = existsSync(path) ? readFileSync(path, 'utf8') : '';
    // On failure: review the diff, then `npm run graphql:sdl` and commit the files.
    expect(served).toBe(committed);
  });

  it('Composition - the served subgraphs compose into a supergraph', () => {
    const result = composeSupergraph(SUBGRAPH_NAMES.map((name) => ({ name, url: platform.subgraphUrls[name], sdl: live.get(name) ?? '' })));
    expect(result.ok ? [] : result.errors).toEqual([]);
  });
});
