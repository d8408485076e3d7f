// The syntax tree the native HCL parser builds: only as much of hclsyntax's tree as hcl2json's conversion
// looks at. Expressions it turns into "${source}" text are kept as their source range (s..e, offsets).

export type Expr =
  | { k: 'num'; text: string; s: number; e: number } // LiteralValueExpr (number)
  | { k: 'bool'; v: boolean; s: number; e: number }
  | { k: 'null'; s: number; e: number }
  | { k: 'str'; v: string; s: number; e: number } // a template's literal part
  | { k: 'unary'; op: '-' | '!'; val: Expr; s: number; e: number }
  | { k: 'tmpl'; parts: Expr[]; s: number; e: number } // TemplateExpr
  | { k: 'wrap'; inner: Expr; s: number; e: number } // TemplateWrapExpr: "${x}" alone
  | { k: 'tuple'; items: Expr[]; s: number; e: number }
  | { k: 'object'; items: { key: Expr; val: Expr }[]; s: number; e: number }
  | { k: 'trav'; s: number; e: number } // ScopeTraversalExpr: a.b[0].c
  | { k: 'cond'; c: Expr; t: Expr; f: Expr; s: number; e: number } // a ? b : c, and %{if}
  | { k: 'tfor'; key?: string; val: string; coll: Expr; body: Expr; s: number; e: number } // %{for}
  | { k: 'other'; s: number; e: number }; // calls, operators, splats, for expressions, (parens)...

export interface Block {
  type: string;
  labels: string[];
  body: Body;
}

export interface Body {
  attrs: Map<string, Expr>;
  blocks: Block[];
}

/** Thrown when the native parser is not sure it would give hcl2json's answer: the caller defers to hcl2json. */
export class NotNative extends Error {}

export function unsure(why: string): never {
  throw new NotNative(why);
}
