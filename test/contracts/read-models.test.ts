import { describeEachEngine } from '../engines/engine-matrix.js';
import { READ_MODEL_ENGINES } from '../engines/read-model-engines.js';
import { readModelContract } from './read-model-store.contract.js';

describeEachEngine('ReadModelStore', READ_MODEL_ENGINES, readModelContract);
