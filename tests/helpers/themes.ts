// Row-drawing tests compare our styled strings with what Ink draws from a <Text> per part: both in full colour.
import chalk from "chalk";
import { afterAll, beforeAll } from "vitest";
import { makeTheme, type Theme } from "../../src/tui/theme.js";

/** Chalk draws every colour for the tests of this file (a terminal's level is restored after them). */
export function withFullColour(): void {
  let level: typeof chalk.level;
  beforeAll(() => {
    level = chalk.level;
    chalk.level = 3;
  });
  afterAll(() => {
    chalk.level = level;
  });
}

/** Every theme a person can pick, made when called (once chalk draws colours: one made without them names none). */
export const THEMES: ReadonlyArray<readonly [string, () => Theme]> = [
  ["dark", () => makeTheme("dark")],
  ["light", () => makeTheme("light")],
  ["mono", () => makeTheme("mono")],
  ["no attributes", () => ({ dim: false, marks: true })],
];
