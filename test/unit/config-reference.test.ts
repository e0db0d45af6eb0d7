import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { configSchema } from '../../src/composition/config-schema.js';
import { configReference } from '../../tools/config-reference.js';
import { withReadmeSection } from '../../tools/with-readme-section.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('the configuration reference', function () {
  it('in the README is what the convict schema renders (npm run docs:config writes it)', function () {
    expect(withReadmeSection(README, 'config', configReference(configSchema)) === README, 'README.md is stale: run npm run docs:config').to.equal(true);
  });

  it('lists every setting with its variable, default, values and doc', function () {
    const table = configReference(configSchema);
    expect(table).to.contain('| `http.port` | `PORT` | `3000` | port | HTTP port of the API. |');
    expect(table).to.contain('| `http.adminToken` | `ADMIN_TOKEN` | empty | text |');
    expect(table).to.contain('| `log.format` | `LOG_FORMAT` | `auto` | `auto`, `json`, `pretty` |');
    expect(table.split('\n')).to.have.length(2 + settingCount(configSchema));
  });

  it('keeps a cell that contains a pipe inside its column', function () {
    const table = configReference({ mode: { doc: 'a | b', format: ['a|b'], default: 'a|b', env: 'MODE' } });
    expect(table.split('\n')[2]).to.equal('| `mode` | `MODE` | `a\\|b` | `a\\|b` | a \\| b |');
  });

  it('refuses a README without the section markers rather than dropping the reference', function () {
    expect(() => withReadmeSection('# no markers\n', 'config', 'table')).to.throw(/<!-- config:start -->/);
  });
});

function settingCount(node: object): number {
  return Object.values(node).reduce<number>((sum, value: object) => sum + ('default' in value ? 1 : settingCount(value)), 0);
}
