export { AlertRulesSection } from './AlertRulesSection';
export { RuleValidationResult } from './RuleValidationResult';
export { RenderedYaml } from './RenderedYaml';
