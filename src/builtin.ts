// Node built-ins that start-up does not need, loaded at first use: imported, they would load with the program
// and delay the first frame (node:crypto ~4 ms, node:v8 ~2 ms).
import { createRequire } from "node:module";

const load = createRequire(import.meta.url);

/** A getter for the built-in module `name` that loads it at its first call. */
export function lazyBuiltin<T>(name: string): () => T {
  let module: T | undefined;
  return () => (module ??= load(name) as T);
}
