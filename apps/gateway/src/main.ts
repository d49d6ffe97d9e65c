import { runMain } from '@so/shared';
import { bootstrapGatewayService } from './bootstrap.js';

runMain(() => bootstrapGatewayService(process.env));
