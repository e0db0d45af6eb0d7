import { expect } from 'chai';
import { startupSummary } from '../../src/cli/startup-summary.js';
import { startFailure } from '../../src/cli/start-failure.js';
import { loadConfig } from '../../src/composition/load-config.js';

describe('the start-up line', function () {
  it('names each engine and where its data lives, never a server’s password', function () {
    const config = loadConfig({ READ_MODELS_DOCUMENTS: 'mongodb', MONGODB_URL: 'mongodb://ops:hunter2@db.example:27017/', READ_MODELS_SEARCH: 'elasticsearch', DATA_DIR: '/srv/data' });
    const { message, fields } = startupSummary(config, { host: '10.0.0.5', port: 8080 }, ['OrderView']);
    expect(message).to.contain('API on http://10.0.0.5:8080 (on 10.0.0.5)');
    expect(message).to.contain('event store: sqlite /srv/data/events.db');
    expect(message).to.contain('documents: mongodb mongodb://ops:***@db.example:27017/ database projectionist');
    expect(message).to.contain('search: elasticsearch http://localhost:9200/ indexes projectionist-*');
    expect(JSON.stringify(fields)).not.to.contain('hunter2');
    expect(message).not.to.contain('hunter2');
  });

  it('shows a browsable URL for every interface, IPv4 or IPv6, and leaves the API out for a worker', function () {
    const config = loadConfig({});
    expect(startupSummary(config, { host: '::', port: 3000 }, []).message).to.contain('API on http://[::1]:3000 (on every interface)');
    expect(startupSummary(config, { host: '0.0.0.0', port: 3000 }, []).fields).to.include({ url: 'http://127.0.0.1:3000' });
    const worker = startupSummary(config, undefined, ['OrderView', 'ProductView']);
    expect(worker.message).to.match(/^Projectionist running: 2 projections \(OrderView, ProductView\); event store: /);
    expect(worker.fields).not.to.have.property('url');
  });

  it('turns a failure that is not a setting into one line with a hint, and shows its stack only at debug', function () {
    const error = new Error('disk full');
    expect(startFailure(error, {})).to.equal('Projectionist did not start: disk full (LOG_LEVEL=debug shows the stack)');
    expect(startFailure(error, { LOG_LEVEL: 'debug' })).to.contain('startup-summary.test.ts');
  });
});
