import { describeEachEngine } from '../engines/engine-matrix.js';
import { REGISTRY_ENGINES } from '../engines/registry-engines.js';
import { projectionRegistryContract } from './projection-registry.contract.js';

describeEachEngine('ProjectionRegistry', REGISTRY_ENGINES, projectionRegistryContract);
