import { object, optional, string } from '../validation/schema.js';

/** The bodies of the operations' writes (the route checks with it, the OpenAPI document describes it). */
export const operationSchemas = {
  /** Replays the projection's parked events, of one stream or (without `stream`) of all. */
  replayParked: object({ stream: optional(string({ max: 200 })) }),
};
