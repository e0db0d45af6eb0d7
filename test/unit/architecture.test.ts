import { expect } from 'chai';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = new URL('../../', import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    if (name === 'node_modules') return []; // bench/ installs its own peers
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** The project files a file imports (type imports too: they shape the design as much). */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const specifiers = [...text.matchAll(/(?:import|export)\s[^'";]*?from\s+'(\.[^']+)'/g)].map((match) => match[1]!);
  return specifiers.map((specifier) => relative(ROOT, resolve(dirname(join(ROOT, file)), specifier)).replace(/\.js$/, '.ts'));
}

/** The layers of the README's Architecture section, checked. */
describe('the architecture', function () {
  const files = [...sources('src'), ...sources('projections')];
  const graph = new Map(files.map((file) => [file, importsOf(file)]));

  it('has no import cycle', function () {
    const state = new Map<string, 'visiting' | 'done'>();
    const cycles: string[] = [];
    const visit = (file: string, path: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'visiting') return void cycles.push([...path.slice(path.indexOf(file)), file].join(' -> '));
      state.set(file, 'visiting');
      for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of files) visit(file, []);
    expect(cycles).to.deep.equal([]);
  });

  it('keeps src/core free of adapters, the API, the domain and every driver', function () {
    const wrong = files
      .filter((file) => file.startsWith('src/core/'))
      .flatMap((file) => {
        const text = readFileSync(join(ROOT, file), 'utf8');
        const drivers = [...text.matchAll(/from\s+'([^.'][^']*)'/g)].map((m) => m[1]!).filter((name) => !name.startsWith('node:'));
        const layers = graph.get(file)!.filter((target) => !target.startsWith('src/core/'));
        return [...drivers, ...layers].map((target) => `${file} imports ${target}`);
      });
    expect(wrong).to.deep.equal([]);
  });

  it('lets no API file import a projection: queries say which projections answer them', function () {
    const wrong = files.filter((file) => file.startsWith('src/api/')).flatMap((file) => graph.get(file)!.filter((target) => target.startsWith('projections/')).map((target) => `${file} imports ${target}`));
    expect(wrong).to.deep.equal([]);
  });

  it('keeps every file of src, projections and bench under 300 lines', function () {
    const long = [...files, ...sources('bench')].filter((file) => readFileSync(join(ROOT, file), 'utf8').split('\n').length > 300);
    expect(long).to.deep.equal([]);
  });
});
