// Bundles the CLI with esbuild: one start-up chunk plus lazily imported chunks (the TUI, parsers).
// Unbundled Ink spends ~300 ms importing; the bundle is what makes the first frame fast.
import { build } from "esbuild";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// Start clean: stale chunks from earlier builds would otherwise pile up in dist/.
rmSync(path.join(root, "dist"), { recursive: true, force: true });
const stubDir = path.join(root, "dist", ".stubs");
mkdirSync(stubDir, { recursive: true });
const devtoolsStub = path.join(stubDir, "react-devtools-core.js");
writeFileSync(devtoolsStub, "export default { initialize() {}, connectToDevTools() {} };\n");

await build({
  absWorkingDir: root,
  entryPoints: { cli: "src/cli.ts" },
  outdir: "dist",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  sourcemap: "linked",
  minify: true,
  legalComments: "none",
  define: { "process.env.NODE_ENV": '"production"' },
  alias: { "react-devtools-core": devtoolsStub },
  // node-pty and friends are test-only; nothing native is bundled.
  banner: {
    js: "import { createRequire as __readerCreateRequire } from 'node:module'; const require = __readerCreateRequire(import.meta.url);",
  },
  logLevel: "warning",
});
