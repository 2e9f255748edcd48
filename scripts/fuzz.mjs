#!/usr/bin/env node
// The fuzz suites of tests/hostile/fuzz.test.ts with many more cases: `node scripts/fuzz.mjs --runs 100000
// [--seed N]`. A failure prints fast-check's counterexample and seed, to replay with the same --seed.
import { spawnSync } from "node:child_process";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "50000" },
    seed: { type: "string", default: String(Date.now() % 2 ** 31) },
  },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  process.stderr.write("fuzz: --runs must be a positive whole number\n");
  process.exit(2);
}
process.stdout.write(`fuzz: ${runs} runs per property, seed ${values.seed}\n`);
const result = spawnSync("npx", ["vitest", "run", "tests/hostile/fuzz.test.ts", "--testTimeout", "0"], {
  stdio: "inherit",
  env: { ...process.env, READER_FUZZ_RUNS: String(runs), READER_FUZZ_SEED: values.seed },
});
process.exit(result.status ?? 1);
