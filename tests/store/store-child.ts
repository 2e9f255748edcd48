// A separate reader process for the multi-process tests: `add DIR PREFIX N`, `mark DIR PREFIX N`, `churn DIR` (writes until killed),
// `readonly DIR` (tries to save into a directory it may not write), `hold DIR` (takes config.json's lock, says
// "locked" and keeps it until killed: an import stopped with Ctrl-Z mid-write).
import path from "node:path";
import { withFileLock } from "../../src/store/file-lock.js";
import { openStore } from "../../src/store/store.js";

const [mode, dir, prefix = "p", count = "20"] = process.argv.slice(2);
if (!dir) throw new Error("usage: store-child MODE DIR …");

if (mode === "add") {
  for (let i = 0; i < Number(count); i++) {
    // A fresh open per add, like separate `reader add` runs racing each other.
    openStore({ builtins: [], dir }).addChannel(`https://example.com/${prefix}/${i}.xml`, `${prefix} ${i}`);
  }
} else if (mode === "mark") {
  // Marks N articles read, unread, … seven times (ending read): enough lines to make the journal compact
  // while the other process is appending.
  const store = openStore({ builtins: [], dir });
  for (let round = 0; round < 7; round++)
    for (let i = 0; i < Number(count); i++)
      store.setRead(`https://example.com/${prefix}/${i}`, round % 2 === 0);
} else if (mode === "churn") {
  const store = openStore({ builtins: [], dir });
  process.stdout.write("ready\n");
  for (let i = 0; ; i++) {
    store.setSetting("refreshMinutes", (i % 100) + 1);
    store.setRead(`https://example.com/a/${i % 500}`, i % 3 !== 0);
    store.setPosition(`https://example.com/a/${i % 500}`, { block: i % 40, offset: i % 7 });
    store.toggleBookmark({ title: `article ${i % 10}`, url: `https://example.com/a/${i % 10}` });
    if (i % 50 === 0) store.addChannel(`https://example.com/churn/${Date.now()}-${i}.xml`);
    if (i % 20 === 0) process.stdout.write(`${i}\n`);
  }
} else if (mode === "hold") {
  withFileLock(path.join(dir, process.argv[4] ?? "config.json"), () => {
    process.stdout.write("locked\n");
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  });
} else if (mode === "readonly") {
  const store = openStore({ builtins: [], dir });
  const report: Record<string, unknown> = { warnings: store.warnings, readSetting: store.settings().theme };
  try {
    store.addChannel("https://example.com/new.xml", "New");
    report["saved"] = true;
  } catch (error) {
    report["error"] = `${(error as Error).name}: ${(error as Error).message}`;
  }
  report["channelsInMemory"] = store.channels().map((c) => c.id);
  process.stdout.write(JSON.stringify(report));
}
