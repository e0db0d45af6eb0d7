import type { estypes } from '@elastic/elasticsearch';

/** Combining marks go first, as in `tokenize` (core/search), so that decomposed text folds like composed text. */
const dropMarks: estypes.AnalysisCharFilterDefinition = { type: 'pattern_replace', pattern: '\\p{M}+', replacement: '' };
/** Words are runs of letters and digits: "name:keyboard" and "o'neil" are two words each, as for the SQLite adapter. */
const words: estypes.AnalysisTokenizerDefinition = { type: 'pattern', pattern: '[^\\p{L}\\p{N}]+' };
/**
 * No `preserve_original`: an accented word is indexed folded only, so that accents change
 * neither what matches nor how it ranks ("cafe" and "café" score alike), as with JS folding.
 */
const filter = ['lowercase', 'asciifolding'];

const ANALYZER = 'pj_folding';

/**
 * The analyzer of text fields in `engine` folding: words as the SQLite adapter's `tokenize` reads
 * them, lower-cased, then folded to ASCII where a Latin letter has an ASCII form ("Crème" →
 * "creme", "Straße" → "strasse"). The pattern char filter and tokenizer and the `asciifolding`
 * filter come from analysis-common; `lowercase` is built into the server. Given once, both as
 * index settings and inline for `_analyze` (detectFolding), so the probe tests what indexes use.
 */
export const foldingAnalysis = {
  analyzer: ANALYZER,
  settings: {
    char_filter: { pj_drop_marks: dropMarks },
    tokenizer: { pj_words: words },
    analyzer: { [ANALYZER]: { type: 'custom', char_filter: ['pj_drop_marks'], tokenizer: 'pj_words', filter } },
  } satisfies estypes.IndicesIndexSettingsAnalysis,
  inline: { char_filter: [dropMarks], tokenizer: words, filter } satisfies Pick<estypes.IndicesAnalyzeRequest, 'char_filter' | 'tokenizer' | 'filter'>,
};
