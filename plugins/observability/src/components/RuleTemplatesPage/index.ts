export { RuleTemplatesPage } from './RuleTemplatesPage';
export { RuleTemplatesHeaderLink } from './RuleTemplatesHeaderLink';
