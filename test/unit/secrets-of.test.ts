import { expect } from 'chai';
import { loadConfig } from '../../src/composition/load-config.js';
import { secretsOf } from '../../src/observability/secrets-of.js';

describe('the secrets kept out of the logs', function () {
  it('are the admin token and the password of every configured server URL', function () {
    const config = loadConfig({ ADMIN_TOKEN: 'tok-123456', MONGODB_URL: 'mongodb://ops:s%40fe-pass@db:27017/', ELASTICSEARCH_URL: 'http://elastic:changeme@es:9200' });
    expect(secretsOf(config).sort()).to.deep.equal(['changeme', 's%40fe-pass', 's@fe-pass', 'tok-123456']);
  });

  it('leave out a password that is its user name, and URLs without one', function () {
    expect(secretsOf(loadConfig({ MONGODB_URL: 'mongodb://projectionist:projectionist@db:27017/' }))).to.deep.equal([]);
  });
});
