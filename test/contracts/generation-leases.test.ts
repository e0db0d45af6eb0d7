import { describeEachEngine } from '../engines/engine-matrix.js';
import { REGISTRY_ENGINES } from '../engines/registry-engines.js';
import { generationLeasesContract } from './generation-leases.contract.js';

describeEachEngine('GenerationLeases', REGISTRY_ENGINES, generationLeasesContract);
