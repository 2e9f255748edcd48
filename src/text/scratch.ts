// Working arrays kept from call to call and grown (doubling) when a longer input comes. A fresh set per paragraph
// laid out is a run of native allocations made and dropped at once, which fragment the process's memory.

/** A getter for arrays made by `make(size)`, of at least `n` entries, reused while they are long enough. */
export function scratchArrays<T>(make: (size: number) => T): (n: number) => T {
  let arrays: T | undefined;
  let size = 0;
  return (n) => {
    if (arrays === undefined || size < n) {
      size = Math.max(n, 2 * (size || 512));
      arrays = make(size);
    }
    return arrays;
  };
}
