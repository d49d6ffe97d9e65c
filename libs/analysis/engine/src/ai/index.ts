export { assessFindings, findingsToAssess } from './assess-findings.js';
export { ChatCompletionsClient, type ChatCompletion } from './chat-completions.client.js';
export { AiEndpointError } from './ai-endpoint.error.js';
export { findingMessages, parseAssessment } from './finding-prompt.js';
export type { AiAnalysisResult, AiAnalyzerSettings, AiAssessment, ChatMessage } from './ai-analyzer.types.js';
