/**
 * Response bodies built from upstream results, reused while the results are the same objects.
 * The query executor hands out the same parsed result for every hit of its in-process cache, so
 * a body keyed on those objects (and on everything else it is built from, in `key`) is correct
 * for exactly as long as the executor's TTL keeps them: when a result expires or is fetched
 * again, the body is built again. Nothing here outlives the results (WeakMap).
 */
export class ResultMemo {
  private readonly memo = new WeakMap<
    object,
    Map<string, { others: object[]; body: object }>
  >();

  get<T extends object>(results: object[], key: string, build: () => T): T {
    const [first, ...others] = results;
    if (!first) return build();
    let byKey = this.memo.get(first);
    const known = byKey?.get(key);
    if (
      known &&
      known.others.length === others.length &&
      known.others.every((o, i) => o === others[i])
    ) {
      return known.body as T;
    }
    const body = build();
    if (!byKey) {
      byKey = new Map();
      this.memo.set(first, byKey);
    }
    // One result serves few bodies (an entity's query, over a handful of ranges); bounded anyway.
    if (byKey.size >= 64) byKey.clear();
    byKey.set(key, { others, body });
    return body;
  }
}
