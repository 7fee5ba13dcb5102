import { parser } from '@prometheus-io/lezer-promql';
import { InputError } from '@backstage/errors';

/**
 * Makes every aggregation in `query` keep `labels`: `sum(x)` becomes `sum by (job) (x)` and
 * `sum by (route) (x)` becomes `sum by (route, job) (x)`. The overview uses it to ask one query
 * for many entities and split the rows by their scope labels afterwards.
 */
export function addGroupingLabels(query: string, labels: string[]): string {
  const tree = parser.parse(query);
  const edits: Array<{ at: number; remove?: number; text: string }> = [];
  let failure: string | undefined;

  tree.iterate({
    enter: node => {
      if (node.type.isError) failure = `does not parse at ${node.from}`;
      if (node.name !== 'AggregateExpr') return;
      const op = node.node.getChild('AggregateOp');
      const modifier = node.node.getChild('AggregateModifier');
      if (!op) return;
      if (!modifier) {
        edits.push({ at: op.to, text: ` by (${labels.join(', ')})` });
        return;
      }
      const grouping = modifier.getChild('GroupingLabels');
      const present = grouping
        ? grouping.getChildren('LabelName').map(n => query.slice(n.from, n.to))
        : [];
      if (modifier.getChild('Without')) {
        const dropped = labels.filter(l => present.includes(l));
        if (dropped.length > 0) {
          failure = `an aggregation drops ${dropped.join(
            ', ',
          )} with without(...)`;
        }
        return;
      }
      const missing = labels.filter(l => !present.includes(l));
      if (grouping && missing.length > 0) {
        const close = grouping.to - 1; // position of ')'
        const prefix = present.length > 0 ? ', ' : '';
        edits.push({ at: close, text: `${prefix}${missing.join(', ')}` });
      }
    },
  });
  if (failure) {
    throw new InputError(
      `Cannot group '${query}' by ${labels.join(', ')}: ${failure}`,
    );
  }
  let result = query;
  for (const edit of edits.sort((a, b) => b.at - a.at)) {
    result =
      result.slice(0, edit.at) +
      edit.text +
      result.slice(edit.at + (edit.remove ?? 0));
  }
  return result;
}
