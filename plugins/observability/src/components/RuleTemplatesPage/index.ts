export { RuleTemplatesPage } from './RuleTemplatesPage';
