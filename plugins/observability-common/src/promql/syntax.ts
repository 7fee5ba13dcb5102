/**
 * Reading a PromQL query with @prometheus-io/lezer-promql: every vector selector, its matchers and
 * where new matchers can be spliced in. Anything the grammar marks as an error, or that the Go
 * parser would read differently, is rejected: a selector we do not see is a selector we do not
 * scope.
 */
import type { SyntaxNode } from '@lezer/common';
import { InputError } from '@backstage/errors';
import { parser } from '@prometheus-io/lezer-promql';
import {
  hasLoneSurrogate,
  PromStringError,
  unquotePromString,
} from './promString';
import { LabelMatcher, MatchOp } from './types';

/** A vector selector in a query, e.g. `up{job="a"}`, `up` or `{__name__="up"}`. */
export interface QuerySelector {
  /** Source span of the whole selector. */
  from: number;
  to: number;
  /** Its matchers in order of appearance; a metric name counts as `__name__="..."`. */
  matchers: LabelMatcher[];
  /** Where to splice new matchers, and how they must be wrapped there. */
  insertAt: number;
  /** `braces`: bare metric name, add `{...}`; `first`: empty braces; `after`: after a matcher. */
  insertKind: 'braces' | 'first' | 'after';
}

export interface AnalyzedQuery {
  selectors: QuerySelector[];
  /** Spans of `#` comments. */
  comments: Array<{ from: number; to: number }>;
}

const strictParser = parser.configure({ strict: true });

const MATCH_OPS_BY_NODE: Record<string, MatchOp> = {
  EqlSingle: '=',
  Neq: '!=',
  EqlRegex: '=~',
  NeqRegex: '!~',
};

function lineColumn(text: string, pos: number): string {
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const column = pos - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}

function near(text: string, pos: number): string {
  const snippet = text.slice(Math.max(0, pos - 15), pos + 15);
  return snippet ? ` near ${JSON.stringify(snippet)}` : '';
}

function doesNotParse(query: string, pos: number, what: string): never {
  throw new InputError(
    `Query does not parse: ${what} at ${lineColumn(query, pos)}${near(
      query,
      pos,
    )}`,
  );
}

function cannotScope(query: string, node: SyntaxNode, what: string): never {
  throw new InputError(
    `Query cannot be scoped safely: unsupported ${what} in ${JSON.stringify(
      query.slice(node.from, node.to),
    )} at ${lineColumn(query, node.from)}`,
  );
}

/** Children that carry syntax; comments may sit between any two tokens. */
function children(node: SyntaxNode): SyntaxNode[] {
  const result: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (c.name !== 'LineComment') result.push(c);
  }
  return result;
}

function readString(query: string, node: SyntaxNode): string {
  try {
    return unquotePromString(query.slice(node.from, node.to));
  } catch (e) {
    if (e instanceof PromStringError) {
      return doesNotParse(
        query,
        node.from + e.offset,
        `invalid string literal (${e.message})`,
      );
    }
    throw e;
  }
}

function readMatcher(query: string, node: SyntaxNode): LabelMatcher {
  const parts = children(node);
  const [nameNode, opNode, valueNode] = parts;
  const opToken = opNode?.name === 'MatchOp' ? children(opNode) : [];
  const op =
    opToken.length === 1 ? MATCH_OPS_BY_NODE[opToken[0].name] : undefined;
  if (parts.length !== 3 || !op || valueNode.name !== 'StringLiteral') {
    return cannotScope(query, node, 'label matcher');
  }
  let name: string;
  if (node.name === 'UnquotedLabelMatcher' && nameNode.name === 'LabelName') {
    name = query.slice(nameNode.from, nameNode.to);
  } else if (
    node.name === 'QuotedLabelMatcher' &&
    nameNode.name === 'QuotedLabelName'
  ) {
    const literal = children(nameNode);
    if (literal.length !== 1 || literal[0].name !== 'StringLiteral') {
      return cannotScope(query, node, 'quoted label name');
    }
    name = readString(query, literal[0]);
  } else {
    return cannotScope(query, node, 'label matcher');
  }
  return { name, op, value: readString(query, valueNode) };
}

function readSelector(query: string, node: SyntaxNode): QuerySelector {
  const parts = children(node);
  const matchers: LabelMatcher[] = [];
  let identifier: SyntaxNode | undefined;
  let braces: SyntaxNode | undefined;
  for (const part of parts) {
    if (part.name === 'Identifier' && !identifier && !braces) identifier = part;
    else if (part.name === 'LabelMatchers' && !braces) braces = part;
    else cannotScope(query, node, `${part.name} in a vector selector`);
  }
  if (identifier) {
    matchers.push({
      name: '__name__',
      op: '=',
      value: query.slice(identifier.from, identifier.to),
    });
  }
  if (!braces) {
    if (!identifier) return cannotScope(query, node, 'empty vector selector');
    return {
      from: node.from,
      to: node.to,
      matchers,
      insertAt: identifier.to,
      insertKind: 'braces',
    };
  }
  if (query[braces.from] !== '{' || query[braces.to - 1] !== '}') {
    return cannotScope(query, braces, 'label matcher braces');
  }
  let last: SyntaxNode | undefined;
  for (const item of children(braces)) {
    if (
      item.name === 'UnquotedLabelMatcher' ||
      item.name === 'QuotedLabelMatcher'
    ) {
      matchers.push(readMatcher(query, item));
    } else if (item.name === 'QuotedLabelName') {
      // `{"my.metric"}`: a quoted metric name (UTF-8 names syntax).
      const literal = children(item);
      if (literal.length !== 1 || literal[0].name !== 'StringLiteral') {
        return cannotScope(query, item, 'quoted metric name');
      }
      matchers.push({
        name: '__name__',
        op: '=',
        value: readString(query, literal[0]),
      });
    } else {
      return cannotScope(query, item, item.name);
    }
    last = item;
  }
  return last
    ? {
        from: node.from,
        to: node.to,
        matchers,
        insertAt: last.to,
        insertKind: 'after',
      }
    : {
        from: node.from,
        to: node.to,
        matchers,
        insertAt: braces.from + 1,
        insertKind: 'first',
      };
}

/**
 * Parses `query` and returns its vector selectors (in order of appearance) and comments.
 * Throws InputError when the query is empty, does not parse, or holds a string literal the
 * Prometheus lexer would reject (the lezer grammar is laxer: it accepts unterminated strings).
 */
export function analyzeQuery(query: string): AnalyzedQuery {
  if (!query.trim()) {
    throw new InputError('Query does not parse: the query is empty');
  }
  if (hasLoneSurrogate(query)) {
    throw new InputError(
      'Query does not parse: it contains an unpaired UTF-16 surrogate',
    );
  }

  const tree = parser.parse(query);
  let firstError: number | undefined;
  const selectorNodes: SyntaxNode[] = [];
  const stringNodes: SyntaxNode[] = [];
  const comments: Array<{ from: number; to: number }> = [];
  tree.iterate({
    enter(ref) {
      if (ref.type.isError) {
        firstError = Math.min(firstError ?? ref.from, ref.from);
      } else if (ref.name === 'VectorSelector') {
        selectorNodes.push(ref.node);
      } else if (ref.name === 'StringLiteral') {
        stringNodes.push(ref.node);
      } else if (ref.name === 'LineComment') {
        comments.push({ from: ref.from, to: ref.to });
      }
    },
  });
  if (firstError !== undefined) doesNotParse(query, firstError, 'syntax error');
  if (tree.topNode.name !== 'PromQL' || tree.length !== query.length) {
    doesNotParse(query, tree.length, 'unexpected input');
  }
  // Belt and braces: the strict parser throws where error recovery might have papered over.
  try {
    strictParser.parse(query);
  } catch (e) {
    const at = /(\d+)\s*$/.exec(e instanceof Error ? e.message : '');
    doesNotParse(query, at ? Number(at[1]) : 0, 'syntax error');
  }

  for (const node of stringNodes) readString(query, node);
  return {
    selectors: selectorNodes.map(node => readSelector(query, node)),
    comments,
  };
}
