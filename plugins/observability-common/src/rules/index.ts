export * from './ruleTemplate';
export * from './templateParameters';
export * from './fillTemplate';
export * from './alertRulesAnnotation';
export * from './ruleWire';
