import { Injectable } from '@nestjs/common';
import { requireGraphqlIdentity, type WebhookGraphqlContext } from '@so/webhook-common';
import DataLoader from 'dataloader';
import { DeliveryQueryService } from '../query/delivery-query.service.js';
import type { WebhookDeliveryView } from '../query/webhook-delivery.view.js';

/**
 * One DataLoader per GraphQL request (keyed by its context object), so resolving
 * `webhookDeliveries` on N analyses — e.g. N `_entities` representations from the gateway — costs one
 * query, and nothing is cached across requests or orgs.
 */
@Injectable()
export class DeliveryLoaderRegistry {
  private readonly loaders = new WeakMap<object, DataLoader<string, WebhookDeliveryView[]>>();

  constructor(private readonly queries: DeliveryQueryService) {}

  forContext(context: WebhookGraphqlContext): DataLoader<string, WebhookDeliveryView[]> {
    let loader = this.loaders.get(context);
    if (!loader) {
      const { orgId } = requireGraphqlIdentity(context);
      loader = new DataLoader(async (analysisIds: readonly string[]) => {
        const byAnalysis = await this.queries.byAnalysisIds(orgId, analysisIds);
        return analysisIds.map((id) => byAnalysis.get(id) ?? []);
      });
      this.loaders.set(context, loader);
    }
    return loader;
  }
}
