import { RuleValidation } from '@internal/backstage-plugin-observability-common';
import { contentHash } from './delivery/ruleLocation';
import { RenderedEntityRules, ruleFileYaml } from './renderEntityRules';
import { validateRendered } from './ruleViews';

/**
 * validateRendered with a memory of what promtool said about a file's content: the delivery
 * run checks every entity every interval, and a rendering that did not change need not start
 * promtool again. The result depends only on the file's content and the renderer's problems.
 */
export class RuleValidator {
  private readonly results = new Map<string, RuleValidation>();

  constructor(
    private readonly promtool: string | undefined,
    private readonly maxEntries = 20_000,
  ) {}

  async validate(rendered: RenderedEntityRules): Promise<RuleValidation> {
    const key = contentHash(
      `${ruleFileYaml([rendered.group])}\n${JSON.stringify(rendered.problems)}`,
    );
    const known = this.results.get(key);
    if (known) return known;
    const result = await validateRendered(rendered, this.promtool);
    // promtool may be missing now and installed later: only remember definite answers.
    if (result.promtool !== 'unavailable' || !this.promtool) {
      if (this.results.size >= this.maxEntries) {
        const oldest = this.results.keys().next().value;
        if (oldest !== undefined) this.results.delete(oldest);
      }
      this.results.set(key, result);
    }
    return result;
  }

  /** Validates many, a few promtool processes at a time. */
  async validateAll(
    all: RenderedEntityRules[],
    concurrency = 2,
  ): Promise<RuleValidation[]> {
    const out = new Array<RuleValidation>(all.length);
    let next = 0;
    const worker = async () => {
      while (next < all.length) {
        const i = next++;
        out[i] = await this.validate(all[i]);
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(concurrency, all.length) }, worker),
    );
    return out;
  }
}

/** One line that says why a group is not delivered. */
export function validationError(
  validation: RuleValidation,
  annotationError?: string,
): string | undefined {
  const reasons = [
    ...(annotationError ? [annotationError] : []),
    ...validation.problems.map(p => `${p.template}: ${p.message}`),
    ...(validation.promtool === 'failed'
      ? [`promtool check rules: ${validation.promtoolMessage ?? 'failed'}`]
      : []),
  ];
  return reasons.length > 0 ? reasons.join('; ') : undefined;
}
