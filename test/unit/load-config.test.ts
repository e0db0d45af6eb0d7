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

  it('takes the heap growing percent from 0 to 300, 50 by default, and refuses others', function () {
    expect(loadConfig({}).projections.heapGrowingPercent).to.equal(50);
    expect(loadConfig({ PROJECTIONS_HEAP_GROWING_PERCENT: '0' }).projections.heapGrowingPercent).to.equal(0);
    for (const value of ['301', '-1']) {
      expect(() => loadConfig({ PROJECTIONS_HEAP_GROWING_PERCENT: value }))
        .to.throw(ConfigError)
        .with.property('message')
        .that.matches(/projections\.heapGrowingPercent \(PROJECTIONS_HEAP_GROWING_PERCENT\): must be from 0 to 300, not -?\d+/);
    }
  });
});
