import { createRequire } from 'node:module';

interface ShNode {
  Op?: number;
  OpPos?: { Line(): number };
}
interface ShSyntax {
  NewParser(): { Parse(src: string, name: string): unknown };
  Walk(node: unknown, visit: (node: ShNode | null) => boolean): void;
  NodeType(node: unknown): string;
}
// mvdan/sh's parser (the one shfmt uses), as its author's JavaScript build: a real bash parser,
// so a `|` in a quoted jq filter or a `||` is not taken for a pipe.
const { syntax } = createRequire(import.meta.url)('mvdan-sh') as { syntax: ShSyntax };

const binaryOps = (src: string): { op: number; line: number }[] => {
  const ops: { op: number; line: number }[] = [];
  syntax.Walk(syntax.NewParser().Parse(src, 'step.sh'), (node) => {
    if (node && syntax.NodeType(node) === 'BinaryCmd' && node.Op !== undefined && node.OpPos) {
      ops.push({ op: node.Op, line: node.OpPos.Line() });
    }
    return true;
  });
  return ops;
};
// The parser's own numbers for `|` and `|&`, read off it rather than hard-coded.
const pipeOps = new Set([binaryOps('a | b')[0]?.op, binaryOps('a |& b')[0]?.op]);

/** The lines of a step's script that hold a pipeline (`${{ }}` expressions read as plain words). */
export function pipeLines(script: string): number[] {
  const src = script.replace(/\$\{\{[\s\S]*?\}\}/g, 'EXPR');
  return binaryOps(src)
    .filter((o) => pipeOps.has(o.op))
    .map((o) => o.line);
}
