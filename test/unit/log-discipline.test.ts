import { expect } from 'chai';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = new URL('../../', import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

describe('the logs', function () {
  const files = sources('src').map((file) => ({ file, text: readFileSync(join(ROOT, file), 'utf8') }));

  it('are written through the logger on every server path: console only for the command line’s own output', function () {
    const wrong = files
      .filter(({ file }) => !file.startsWith('src/cli/') && file !== 'src/main.ts')
      .flatMap(({ file, text }) => [...text.matchAll(/console\.(log|info|warn|error|debug)\(/g)].map((match) => `${file}: console.${match[1]}`));
    expect(wrong).to.deep.equal([]);
  });

  it('keep values in fields: every message is constant text, never a template, a concatenation or a format string', function () {
    const calls = files.flatMap(({ file, text }) => [...text.matchAll(/\blog\.(trace|debug|info|warn|error|fatal)\(/g)].map((match) => ({ file, args: argumentsAt(text, match.index + match[0].length) })));
    expect(calls.length).to.be.greaterThan(10);
    const constant = /^('(?:[^'\\%]|\\.)*'|"(?:[^"\\%]|\\.)*"|summary\.message|\w+ \? '[^'%]*' : '[^'%]*')$/;
    const wrong = calls.filter(({ args }) => args.length !== 2 || !constant.test(args[1]!));
    expect(wrong.map(({ file, args }) => `${file}: ${args.join(', ')}`)).to.deep.equal([]);
  });
});

/** The top-level arguments of the call whose `(` ends just before `start`, as source text. */
function argumentsAt(text: string, start: number): string[] {
  const args: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let current = '';
  for (let i = start; i < text.length; i += 1) {
    const char = text[i]!;
    if (quote) {
      current += char;
      if (char === '\\') current += text[++i] ?? '';
      else if (char === quote) quote = undefined;
      continue;
    }
    if (char === "'" || char === '"' || char === '`') quote = char;
    if ('([{'.includes(char)) depth += 1;
    if (')]}'.includes(char)) {
      if (depth === 0) break;
      depth -= 1;
    }
    if (char === ',' && depth === 0) {
      args.push(current.trim());
      current = '';
      continue;
    }
    current += char;
  }
  return [...args, current.trim()].filter((arg) => arg !== '');
}
