/**
 * Wraps an adapter so that every error its methods raise (thrown, or as a rejected promise) is
 * one of its port's own: an error the port already knows passes through; any other (a driver's,
 * the network's) becomes the port's error naming the operation, with the original as its cause.
 * One wrapper per adapter, instead of a try/catch in every method.
 */
export function translateErrors<T extends object>(
  adapter: T,
  isPortError: (error: unknown) => boolean,
  toPortError: (operation: string, cause: unknown) => Error,
): T {
  const translate = (operation: string, error: unknown): unknown => (isPortError(error) ? error : toPortError(operation, error));
  return new Proxy(adapter, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function' || typeof property !== 'string' || property === 'constructor') return value;
      return (...args: unknown[]) => {
        let result: unknown;
        try {
          result = (value as (...parameters: unknown[]) => unknown).apply(target, args);
        } catch (error) {
          throw translate(property, error);
        }
        return result instanceof Promise ? result.catch((error: unknown) => Promise.reject(translate(property, error))) : result;
      };
    },
  });
}
