import { errors, type estypes } from '@elastic/elasticsearch';
import { expect } from 'chai';
import { detectFolding, type AnalyzingClient } from '../../src/adapters/elasticsearch/detect-folding.js';
import { searchRequest } from '../../src/adapters/elasticsearch/search-request.js';
import type { SearchTarget } from '../../src/core/projections/projection.js';
import { rejectionOf } from '../support/async.js';

/** A node that answers `_analyze` with these tokens, or fails with this error. */
function node(answer: string[] | Error): AnalyzingClient {
  return {
    indices: {
      analyze: async () => {
        if (answer instanceof Error) throw answer;
        return { tokens: answer.map((token, position) => ({ token, position, start_offset: 0, end_offset: 0, type: 'word' })) };
      },
    },
  };
}

function refusal(type: string, statusCode = 400): errors.ResponseError {
  return new errors.ResponseError({ body: { error: { type, reason: 'failed to find global filter under [asciifolding]' } }, statusCode, headers: {}, warnings: null, meta: {} as never });
}

describe('Elasticsearch text folding', function () {
  describe('detectFolding', function () {
    it('lets the engine fold where its analyzer reads the sample as the adapter expects', async function () {
      expect(await detectFolding(node(['creme', 'o', 'brulee', 'strasse']))).to.equal('engine');
    });

    it('folds in JavaScript on a node without analysis-common, which refuses the components', async function () {
      expect(await detectFolding(node(refusal('illegal_argument_exception')))).to.equal('javascript');
    });

    it('folds in JavaScript on a node whose components read the sample otherwise', async function () {
      expect(await detectFolding(node(['crème', 'o', 'brûlée', 'straße']))).to.equal('javascript');
    });

    it('raises any other failure rather than guess the mode of the indexes it would create', async function () {
      const unreachable = new errors.ConnectionError('connect ECONNREFUSED');
      expect(await rejectionOf(detectFolding(node(unreachable)))).to.equal(unreachable);
      const forbidden = refusal('security_exception', 403);
      expect(await rejectionOf(detectFolding(node(forbidden)))).to.equal(forbidden);
    });
  });

  describe('searchRequest', function () {
    const target: SearchTarget = { kind: 'search', collection: 'items', fields: { name: { type: 'text', boost: 2 }, note: { type: 'text' }, rank: { type: 'number' } } };
    const textQuery = (request: estypes.SearchRequest) => (request.query?.bool?.must as estypes.QueryDslQueryContainer[])[0]?.multi_match;
    const request = searchRequest(target, { text: "Crème o'Brûlée", from: 0, size: 10 });

    it('searches the fields themselves with the text as written where the engine folds', function () {
      expect(textQuery(request('engine'))).to.deep.equal({ query: "Crème o'Brûlée", fields: ['name^2', 'note^1'], fuzziness: 'AUTO' });
    });

    it('searches the folded copies with the text folded the same way where JavaScript folds', function () {
      expect(textQuery(request('javascript'))).to.deep.equal({ query: 'Creme o Brulee', fields: ['_pj.folded.name^2', '_pj.folded.note^1'], fuzziness: 'AUTO' });
    });

    it('refuses a query on an undeclared field before it knows the folding', function () {
      expect(() => searchRequest(target, { text: 'x', from: 0, size: 10, equals: { rank: 'x' } })).to.throw(/not a declared keyword field/);
    });
  });
});
