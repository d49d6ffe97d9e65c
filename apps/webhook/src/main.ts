import { runMain } from '@so/shared';
import { bootstrapWebhookService } from './bootstrap.js';

runMain(() => bootstrapWebhookService(process.env));
