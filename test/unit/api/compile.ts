// Compile a decorator fixture with the real TypeScript compiler (standard
// decorators, experimentalDecorators off) and evaluate it as CommonJS.
import { readFileSync } from 'node:fs';
import ts from 'typescript';

export function compileFixture<T>(file: string): T {
  const out = ts.transpileModule(readFileSync(file, 'utf8'), {
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      experimentalDecorators: false,
    },
  }).outputText;
  const module = { exports: {} as T };
  new Function('module', 'exports', out)(module, module.exports);
  return module.exports;
}
