import { describeEachEngine } from '../engines/engine-matrix.js';
import { EVENT_STORE_ENGINES } from '../engines/event-store-engines.js';
import { eventStoreRecordsContract } from './event-store-records.contract.js';
import { eventStoreContract } from './event-store.contract.js';
import { persistentSubscriptionsContract } from './persistent-subscriptions.contract.js';

describeEachEngine('EventStore', EVENT_STORE_ENGINES, eventStoreContract);
describeEachEngine('EventStore records', EVENT_STORE_ENGINES, eventStoreRecordsContract);
describeEachEngine('PersistentSubscriptions', EVENT_STORE_ENGINES, persistentSubscriptionsContract);
