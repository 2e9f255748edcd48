// `reader [options] [url]` starts the interface without loading commander. Whatever that fast reading accepts,
// commander must read the same way; whatever it is unsure of (commands, --help, bad values) goes to commander.
import { Command, Option } from "commander";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addGlobalOptions, interfaceArgs, type GlobalOptions } from "../src/cli-args.js";

/** What commander makes of `args` for the interface (the root command), or undefined when it would not run it. */
function commanderReading(args: string[]): { url?: string; options: GlobalOptions } | undefined {
  let reading: { url?: string; options: GlobalOptions } | undefined;
  const program = addGlobalOptions(new Command("reader").version("0"), Option)
    .exitOverride()
    .configureOutput({ writeOut: () => {}, writeErr: () => {} })
    .argument("[url]")
    .action((url?: string) => {
      reading = url === undefined ? { options: program.opts() } : { url, options: program.opts() };
    });
  program
    .command("print")
    .argument("<target>")
    .action(() => {});
  try {
    program.parse(args, { from: "user" });
  } catch {
    return undefined;
  }
  return reading;
}

describe("the start-up reading of `reader [options] [url]`", () => {
  it("reads the common forms as commander does", () => {
    for (const args of [
      [],
      ["--offline"],
      ["--ambiguous", "wide"],
      ["--ambiguous=narrow", "--offline"],
      ["https://example.com/a.html"],
      ["--kinsoku", "strict", "http://x.test/", "--indent", "none", "--korean=keep-all"],
    ]) {
      const fast = interfaceArgs(args);
      expect(fast, args.join(" ")).toBeDefined();
      expect(fast).toEqual(commanderReading(args));
    }
  });

  it("leaves commands, help, version and bad values to commander", () => {
    for (const args of [
      ["print", "x.html"],
      ["--help"],
      ["-V"],
      ["--ambiguous", "huge"],
      ["--ambiguous"],
      ["--offlin"],
      ["a.html"],
      ["https://a.test/", "https://b.test/"],
    ])
      expect(interfaceArgs(args), args.join(" ")).toBeUndefined();
  });

  it("never reads anything differently from commander (random command lines)", () => {
    const word = fc.constantFrom(
      "--offline",
      "--ambiguous",
      "--kinsoku",
      "--indent",
      "--korean",
      "--ambiguous=wide",
      "--kinsoku=basic",
      "--indent=fullwidth",
      "--korean=normal",
      "wide",
      "narrow",
      "strict",
      "none",
      "keep-all",
      "https://news.test/a",
      "http://b.test/",
      "print",
      "-h",
      "--",
      "x",
    );
    fc.assert(
      fc.property(fc.array(word, { maxLength: 6 }), (args) => {
        const fast = interfaceArgs(args);
        if (fast !== undefined) expect(fast).toEqual(commanderReading(args));
      }),
      { numRuns: 2000 },
    );
  });
});
