export { owaspCategoryName } from '@so/analysis-engine';
