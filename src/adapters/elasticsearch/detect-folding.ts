import { errors, type estypes } from '@elastic/elasticsearch';
import { foldingAnalysis } from './folding-analysis.js';
import type { SearchFolding } from './search-folding.js';

/** What the folding analyzer must make of SAMPLE: a decomposed accent, case, punctuation and a letter that only asciifolding folds. */
const SAMPLE = "Crème o'Brûle\u0301e, STRAßE";
const EXPECTED = 'creme o brulee strasse';

/** The one call of the client the probe makes: the adapters type only what they use, and tests can stand in for it. */
export interface AnalyzingClient {
  readonly indices: { analyze(request: estypes.IndicesAnalyzeRequest): Promise<estypes.IndicesAnalyzeResponse> };
}

/**
 * Whether the node can fold text itself: runs the folding analyzer, inline, over a sample. A
 * node without analysis-common refuses its components (`illegal_argument_exception`, "failed to
 * find global filter under [asciifolding]"); a node whose components exist but read the sample
 * otherwise would index differently from what the queries assume. Both mean `javascript`. Any
 * other failure (network, security) is raised: a node that cannot be asked is not one that lacks
 * the module, and guessing would fix the mode of every index created meanwhile.
 */
export async function detectFolding(client: AnalyzingClient): Promise<SearchFolding> {
  try {
    const { tokens = [] } = await client.indices.analyze({ ...foldingAnalysis.inline, text: SAMPLE });
    return tokens.map(({ token }) => token).join(' ') === EXPECTED ? 'engine' : 'javascript';
  } catch (error) {
    if (error instanceof errors.ResponseError && error.statusCode === 400 && error.body?.error?.type === 'illegal_argument_exception') return 'javascript';
    throw error;
  }
}
