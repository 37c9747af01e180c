// The bundled workflow and its substitutions. No printing, no SDK: shared by deploy and the engine.
export { bundledDefinition, WORKFLOW_STATES } from './definition.js';
export {
  applySubstitutions,
  bundledDefinitionText,
  FUNCTION_PLACEHOLDERS,
  localFunctionArns,
  missingSubstitutions,
  WORKFLOW_NAME,
} from './substitutions.js';
