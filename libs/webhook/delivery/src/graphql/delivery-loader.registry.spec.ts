import { WebhookException } from '@so/webhook-common';
import type { DeliveryQueryService } from '../query/delivery-query.service.js';
import type { WebhookDeliveryView } from '../query/webhook-delivery.view.js';
import { DeliveryLoaderRegistry } from './delivery-loader.registry.js';

describe(DeliveryLoaderRegistry.name, () => {
  function setup() {
    const calls: Array<{ orgId: string; ids: readonly string[] }> = [];
    const queries = {
      byAnalysisIds: async (orgId: string, ids: readonly string[]) => {
        calls.push({ orgId, ids });
        return new Map(ids.map((id) => [id, [{ id: `msg_${id}` } as WebhookDeliveryView]]));
      },
    } as unknown as DeliveryQueryService;
    return { registry: new DeliveryLoaderRegistry(queries), calls };
  }

  it('batches the analyses of one request into one query for the caller org', async () => {
    const { registry, calls } = setup();
    const context = { identity: { orgId: 'org-1', principalId: 'k', scopes: [] } };
    const results = await Promise.all(['a', 'b', 'c'].map((id) => registry.forContext(context).load(id)));
    expect(results.map((r) => r[0]?.id)).toEqual(['msg_a', 'msg_b', 'msg_c']);
    expect(calls).toEqual([{ orgId: 'org-1', ids: ['a', 'b', 'c'] }]);
  });

  it('does not share loaders (or their cache) between requests', async () => {
    const { registry, calls } = setup();
    await registry.forContext({ identity: { orgId: 'org-1', principalId: 'k', scopes: [] } }).load('a');
    await registry.forContext({ identity: { orgId: 'org-2', principalId: 'k', scopes: [] } }).load('a');
    expect(calls.map((c) => c.orgId)).toEqual(['org-1', 'org-2']);
  });

  it('refuses a context without identity', () => {
    expect(() => setup().registry.forContext({})).toThrow(WebhookException);
  });
});
