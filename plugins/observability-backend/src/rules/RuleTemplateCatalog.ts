import type { RuleTemplate } from '@stagewatch/backstage-plugin-observability-common';
import { builtinTemplates } from '@stagewatch/backstage-plugin-observability-node';

/** Where custom templates come from (the database store); built-ins are always there. */
export interface CustomTemplateSource {
  /** The current version of every custom template that is not deleted (deprecated included). */
  listCurrent(): Promise<RuleTemplate[]>;
}

/**
 * Every template an entity can use: the built-ins in code, then the custom ones. A custom
 * template cannot take a built-in's id (the store refuses it), so the two never shadow.
 */
export class RuleTemplateCatalog {
  constructor(private readonly custom?: CustomTemplateSource) {}

  async all(): Promise<Map<string, RuleTemplate>> {
    const templates = new Map(builtinTemplates.map(t => [t.id, t] as const));
    for (const template of (await this.custom?.listCurrent()) ?? []) {
      if (!templates.has(template.id)) templates.set(template.id, template);
    }
    return templates;
  }
}

export const isBuiltinTemplate = (id: string) =>
  builtinTemplates.some(t => t.id === id);
