import type { WriteReceipt } from '../consistency/write-receipt.js';

/**
 * What a command gives back (exercise 1 of the seed): the id of the entity it created or
 * addressed, and the receipt of its write, never the entity. Turning the receipt into a
 * consistency token is the API's business.
 */
export interface CommandResult {
  readonly id: string;
  readonly receipt: WriteReceipt;
}
