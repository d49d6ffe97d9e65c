import { runMain } from '@so/shared';
import { bootstrapIntegrationService } from './bootstrap.js';

runMain(() => bootstrapIntegrationService(process.env));
