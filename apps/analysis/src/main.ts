import { runMain } from '@so/shared';
import { bootstrapAnalysisService } from './bootstrap.js';

runMain(() => bootstrapAnalysisService(process.env));
