import { runMain } from '@so/shared';
import { bootstrapNotificationService } from './bootstrap.js';

runMain(() => bootstrapNotificationService(process.env));
