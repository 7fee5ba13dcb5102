import { RuleValidation } from '@stagewatch/backstage-plugin-observability-common';
import {
  RenderedEntityRules,
  contentHash,
  groupFile,
  validateRendered,
  validateRenderedAll,
} from '@stagewatch/backstage-plugin-observability-node';

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
      `${groupFile(rendered.group).hash}\n${JSON.stringify(rendered.problems)}`,
    );
    const known = this.results.get(key);
    if (known) return known;
    const result = await validateRendered(rendered, this.promtool);
    this.remember(key, result);
    return result;
  }

  /**
   * Validates many: what the memory does not know goes to ONE promtool run for all their files
   * (a first run over a thousand entities would otherwise start a thousand processes).
   */
  async validateAll(all: RenderedEntityRules[]): Promise<RuleValidation[]> {
    const keys = all.map(rendered =>
      contentHash(
        `${groupFile(rendered.group).hash}\n${JSON.stringify(
          rendered.problems,
        )}`,
      ),
    );
    const unknown = new Map<string, RenderedEntityRules>();
    all.forEach((rendered, i) => {
      if (!this.results.has(keys[i])) unknown.set(keys[i], rendered);
    });
    // Keyed by content hash, so entities with identical files are checked once.
    const checked = await validateRenderedAll(
      [...unknown.entries()].map(([key, rendered]) => ({
        ...rendered,
        entityRef: key,
      })),
      this.promtool,
    );
    for (const [key, result] of checked) {
      this.remember(key, result);
    }
    return all.map(
      (_, i) => this.results.get(keys[i]) ?? checked.get(keys[i])!,
    );
  }

  private remember(key: string, result: RuleValidation) {
    // promtool may be missing now and installed later: only remember definite answers.
    if (result.promtool === 'unavailable' && this.promtool) return;
    if (this.results.size >= this.maxEntries) {
      const oldest = this.results.keys().next().value;
      if (oldest !== undefined) this.results.delete(oldest);
    }
    this.results.set(key, result);
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
