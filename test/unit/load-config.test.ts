import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../src/composition/load-config.js';

describe('loading the configuration', function () {
  it('takes the projection thread’s nice value from 0 to 19, 10 by default', function () {
    expect(loadConfig({}).projections.threadNice).to.equal(10);
    expect(loadConfig({ PROJECTIONS_THREAD_NICE: '0' }).projections.threadNice).to.equal(0);
    expect(loadConfig({ PROJECTIONS_THREAD_NICE: '19' }).projections.threadNice).to.equal(19);
  });

  it('refuses a nice value outside 0 to 19, naming the setting and its variable', function () {
    for (const value of ['20', '-1']) {
      expect(() => loadConfig({ PROJECTIONS_THREAD_NICE: value }))
        .to.throw(ConfigError)
        .with.property('message')
        .that.matches(/projections\.threadNice \(PROJECTIONS_THREAD_NICE\): must be from 0 to 19, not -?\d+/);
    }
  });
});
