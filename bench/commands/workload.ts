/**
 * The command workload every contender runs: each client adds items to its own carts, ten
 * items a cart, so each command loads a short stream (0 to 9 events), decides on it, and
 * appends one event at the revision it loaded.
 */
export const ITEMS_PER_CART = 10;

export function cartOf(client: number, n: number): string {
  return `cart-${client}-${Math.floor(n / ITEMS_PER_CART)}`;
}

export function itemAdded(n: number) {
  return {
    type: 'ItemAdded',
    data: { productId: `product-${n % 997}`, name: 'Mechanical keyboard, brown switches', quantity: 1 + (n % 3), unitPrice: 89.5 },
  };
}

export const metadata = (n: number) => ({ $correlationId: `corr-${n}`, $causationId: `cmd-${n}` });

/** The decision: a cart takes at most ten items. */
export function decide(itemsInCart: number, n: number) {
  if (itemsInCart >= ITEMS_PER_CART) throw new Error('cart is full');
  return itemAdded(n);
}
