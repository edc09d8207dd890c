/** Where flowcache reports problems it recovers from (an uncacheable call, a failing event listener). */
export interface Logger {
  warn(message: string): void;
}

export const consoleLogger: Logger = {
  warn: (message) => console.warn(`[flowcache] ${message}`),
};
