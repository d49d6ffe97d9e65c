import { OutboxEventEntity } from '@so/shared';
import { AnalysisEntity } from './entities/analysis.entity.js';
import { FindingEntity } from './entities/finding.entity.js';
import { ProjectEntity } from './entities/project.entity.js';
import { CreateAnalysisTables1764201600000 } from './migrations/1764201600000-create-analysis-tables.js';
import { AddFindingSearchAndAnalysisPaging1764300000000 } from './migrations/1764300000000-add-finding-search-and-analysis-paging.js';
import { TrackFindingsAcrossRuns1764400000000 } from './migrations/1764400000000-track-findings-across-runs.js';
import { IndexAnalysesByOrgCreated1764700000000 } from './migrations/1764700000000-index-analyses-by-org-created.js';
import { DropRedundantAnalysesIndex1764800000000 } from './migrations/1764800000000-drop-redundant-analyses-index.js';
import { AnalysisCatalogRepository } from './repositories/analysis-catalog.repository.js';
import { AnalysisConfigRepository } from './repositories/analysis-config.repository.js';
import { AnalysisListingRepository } from './repositories/analysis-listing.repository.js';
import { AnalysisMetricsRepository } from './repositories/analysis-metrics.repository.js';
import { AnalysisRepository } from './repositories/analysis.repository.js';
import { FindingBatchRepository } from './repositories/finding-batch.repository.js';
import { FindingLifecycleRepository } from './repositories/finding-lifecycle.repository.js';
import { FindingSearchRepository } from './repositories/finding-search.repository.js';
import { FindingRepository } from './repositories/finding.repository.js';
import { ProjectLookupRepository } from './repositories/project-lookup.repository.js';
import { ProjectRepository } from './repositories/project.repository.js';

/** The Postgres schema the analysis service owns. */
export const ANALYSIS_SCHEMA = 'analysis';

export const ANALYSIS_ENTITIES = [ProjectEntity, AnalysisEntity, FindingEntity, OutboxEventEntity];

/** In the order they run; append new migrations, never edit an applied one. */
export const ANALYSIS_MIGRATIONS = [
  CreateAnalysisTables1764201600000,
  AddFindingSearchAndAnalysisPaging1764300000000,
  TrackFindingsAcrossRuns1764400000000,
  IndexAnalysesByOrgCreated1764700000000,
  DropRedundantAnalysesIndex1764800000000,
];

/** Nest providers for the repositories (they need the TypeORM DataSource in the container). */
export const ANALYSIS_REPOSITORIES = [
  ProjectRepository,
  AnalysisRepository,
  FindingRepository,
  FindingLifecycleRepository,
  AnalysisListingRepository,
  AnalysisCatalogRepository,
  AnalysisMetricsRepository,
  AnalysisConfigRepository,
  FindingBatchRepository,
  FindingSearchRepository,
  ProjectLookupRepository,
];
