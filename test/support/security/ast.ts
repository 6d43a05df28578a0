/**
 * Small helpers over the TypeScript compiler's syntax tree, for the static security checks: they
 * read source text as written (no type information), so a check sees exactly what a reviewer sees.
 */
import ts from 'typescript';

export interface SourceText {
  /** The path relative to the repository root, with forward slashes: `src/main/ipc.ts`. */
  path: string;
  text: string;
}

export function parse(source: SourceText): ts.SourceFile {
  const kind = source.path.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  return ts.createSourceFile(source.path, source.text, ts.ScriptTarget.Latest, true, kind);
}

/** Every node below `root`, depth first. */
export function descendants(root: ts.Node): ts.Node[] {
  const nodes: ts.Node[] = [];
  const visit = (node: ts.Node): void => {
    nodes.push(node);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(root, visit);
  return nodes;
}

/** `file:line` of a node, for problem messages. */
export function where(node: ts.Node): string {
  const file = node.getSourceFile();
  const { line } = file.getLineAndCharacterOfPosition(node.getStart());
  return `${file.fileName}:${line + 1}`;
}

export function unwrap(node: ts.Expression): ts.Expression {
  let current = node;
  while (
    ts.isParenthesizedExpression(current) ||
    ts.isAsExpression(current) ||
    ts.isSatisfiesExpression(current) ||
    ts.isNonNullExpression(current)
  ) {
    current = current.expression;
  }
  return current;
}

/** The name of a property, method or call target as written: `a.b.c(…)` → `c`. */
export function nameOf(node: ts.PropertyName | ts.Expression | ts.MemberName): string | undefined {
  if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) return node.text;
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  return undefined;
}

/** Calls like `receiver.method(…)`, with the receiver as written (`session.defaultSession`). */
export function methodCalls(root: ts.Node, method: string): { call: ts.CallExpression; receiver: string }[] {
  return descendants(root)
    .filter(ts.isCallExpression)
    .flatMap((call) => {
      const callee = unwrap(call.expression);
      if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== method) return [];
      return [{ call, receiver: callee.expression.getText() }];
    });
}

/** Calls of a plain function: `name(…)`. */
export function functionCalls(root: ts.Node, name: string): ts.CallExpression[] {
  return descendants(root)
    .filter(ts.isCallExpression)
    .filter((call) => ts.isIdentifier(unwrap(call.expression)) && unwrap(call.expression).getText() === name);
}

/** An object literal's property by name, or undefined; `spread` is true when the literal spreads another object in. */
export function property(
  object: ts.ObjectLiteralExpression,
  name: string,
): { value: ts.Expression | undefined; present: boolean } {
  for (const element of object.properties) {
    if (ts.isPropertyAssignment(element) && nameOf(element.name) === name) {
      return { value: unwrap(element.initializer), present: true };
    }
    if (ts.isShorthandPropertyAssignment(element) && element.name.text === name) {
      return { value: element.name, present: true };
    }
  }
  return { value: undefined, present: false };
}

export function hasSpread(object: ts.ObjectLiteralExpression): boolean {
  return object.properties.some(ts.isSpreadAssignment);
}

export type FunctionNode = ts.ArrowFunction | ts.FunctionExpression | ts.FunctionDeclaration | ts.MethodDeclaration;

export function isFunctionNode(node: ts.Node): node is FunctionNode {
  return (
    ts.isArrowFunction(node) ||
    ts.isFunctionExpression(node) ||
    ts.isFunctionDeclaration(node) ||
    ts.isMethodDeclaration(node)
  );
}

/**
 * The function an argument stands for: written inline, or the name of a function or of a `const`
 * holding one, declared in the same file.
 */
export function resolveFunction(argument: ts.Expression | undefined): FunctionNode | undefined {
  if (!argument) return undefined;
  const node = unwrap(argument);
  if (isFunctionNode(node)) return node;
  if (!ts.isIdentifier(node)) return undefined;
  for (const candidate of descendants(node.getSourceFile())) {
    if (ts.isFunctionDeclaration(candidate) && candidate.name?.text === node.text) return candidate;
    if (
      ts.isVariableDeclaration(candidate) &&
      ts.isIdentifier(candidate.name) &&
      candidate.name.text === node.text &&
      candidate.initializer
    ) {
      const initializer = unwrap(candidate.initializer);
      if (isFunctionNode(initializer)) return initializer;
    }
  }
  return undefined;
}

/** What a function can return: the expression of a concise arrow, or of each `return` in its body (not nested functions). */
export function returnedExpressions(fn: FunctionNode): (ts.Expression | undefined)[] {
  if (ts.isArrowFunction(fn) && !ts.isBlock(fn.body)) return [unwrap(fn.body)];
  const results: (ts.Expression | undefined)[] = [];
  const visit = (node: ts.Node): void => {
    if (isFunctionNode(node) || ts.isClassLike(node)) return;
    if (ts.isReturnStatement(node)) results.push(node.expression ? unwrap(node.expression) : undefined);
    ts.forEachChild(node, visit);
  };
  if (fn.body) ts.forEachChild(fn.body, visit);
  return results;
}

/** The name of a function's n-th parameter, when it is a plain identifier. */
export function parameterName(fn: FunctionNode, index: number): string | undefined {
  const parameter = fn.parameters[index];
  return parameter && ts.isIdentifier(parameter.name) ? parameter.name.text : undefined;
}

export function isLiteral(node: ts.Expression | undefined, value: boolean | string): boolean {
  if (!node) return false;
  if (value === true) return node.kind === ts.SyntaxKind.TrueKeyword;
  if (value === false) return node.kind === ts.SyntaxKind.FalseKeyword;
  return (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && node.text === value;
}

/** The function (or the file) a node is written in. */
export function enclosingFunction(node: ts.Node): FunctionNode | undefined {
  return ts.findAncestor(node.parent, isFunctionNode);
}

/** Module specifiers of every import, export-from, `require(…)` and `import(…)` in a file. */
export function importedModules(file: ts.SourceFile): { module: string; node: ts.Node }[] {
  return descendants(file).flatMap((node): { module: string; node: ts.Node }[] => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      return ts.isStringLiteral(node.moduleSpecifier) ? [{ module: node.moduleSpecifier.text, node }] : [];
    }
    if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const expression = node.moduleReference.expression;
      return ts.isStringLiteral(expression) ? [{ module: expression.text, node }] : [];
    }
    if (ts.isCallExpression(node)) {
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === 'require';
      const isDynamicImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const [first] = node.arguments;
      if ((isRequire || isDynamicImport) && first && ts.isStringLiteralLike(first))
        return [{ module: first.text, node }];
    }
    return [];
  });
}
