// Bundles the CLI with esbuild: one start-up chunk plus lazily imported chunks (the TUI, parsers).
// Unbundled Ink spends ~300 ms importing; the bundle is what makes the first frame fast.
import { build } from "esbuild";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { atob } from "node:buffer";
import http2 from "node:http2";
import { fileURLToPath } from "node:url";
import {
  patchAnsiTokenize,
  patchInkMeasureText,
  patchInkOutput,
  patchInkSanitizeAnsi,
  patchSliceAnsi,
} from "./ink-output-patch.mjs";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// Start clean: stale chunks from earlier builds would otherwise pile up in dist/.
rmSync(path.join(root, "dist"), { recursive: true, force: true });
const stubDir = path.join(root, "dist", ".stubs");
mkdirSync(stubDir, { recursive: true });
const devtoolsStub = path.join(stubDir, "react-devtools-core.js");
writeFileSync(devtoolsStub, "export default { initialize() {}, connectToDevTools() {} };\n");

// Ink 6's Output re-tokenises every character on screen for every frame, and its text measurements are kept
// forever; see scripts/ink-output-patch.mjs.
const inkOutputPatch = {
  name: "ink-output-patch",
  setup(plugin) {
    /** Each [from, to] of `replacements` made (once) in the files `filter` matches. */
    const replaceIn = (filter, replacements) =>
      plugin.onLoad({ filter }, (args) => ({
        contents: replaceOnce(readFileSync(args.path, "utf8"), replacements, args.path),
        loader: "js",
      }));
    plugin.onLoad({ filter: /ink[\\/]build[\\/]output\.js$/ }, (args) => ({
      contents: patchInkOutput(readFileSync(args.path, "utf8")),
      loader: "js",
    }));
    plugin.onLoad({ filter: /ink[\\/]build[\\/]measure-text\.js$/ }, (args) => ({
      contents: patchInkMeasureText(readFileSync(args.path, "utf8")),
      loader: "js",
    }));
    plugin.onLoad({ filter: /ink[\\/]build[\\/]sanitize-ansi\.js$/ }, (args) => ({
      contents: patchInkSanitizeAnsi(readFileSync(args.path, "utf8")),
      loader: "js",
    }));
    // Ink's tokeniser and slice-ansi each make a grapheme segmenter as they load (the first costs 10–16 ms); they are
    // made at first need, and the tokeniser walks the ASCII it is given (SGR codes) without one.
    plugin.onLoad({ filter: /@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]tokenize\.js$/ }, (args) => ({
      contents: patchAnsiTokenize(readFileSync(args.path, "utf8")),
      loader: "js",
    }));
    plugin.onLoad({ filter: /slice-ansi[\\/]tokenize-ansi\.js$/ }, (args) => ({
      contents: patchSliceAnsi(readFileSync(args.path, "utf8")),
      loader: "js",
    }));
    // Yoga's loader fetches its own wasm, a data: URL, with the global fetch when there is one: in Node that
    // loads Node's own copy of undici first (~50 ms at every start, and its memory). The same bytes are decoded
    // from the base64 directly, as where there is no fetch.
    // It then decodes them with atob and a loop over every byte, both run once and cold (~2 ms of CPU after the
    // first frame); Buffer's decoder makes the same bytes (checked here) in 0.15 ms.
    plugin.onLoad({ filter: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      sameBytesFromBuffer(source, args.path);
      return {
        contents: replaceOnce(
          source,
          [
            ['"function"!=typeof fetch?Promise.resolve()', "!0?Promise.resolve()"],
            [
              "var b=xa(a.slice(37)),c=new Uint8Array(b.length);for(a=0;a<b.length;++a)c[a]=b.charCodeAt(a);var d=c",
              'var d=new Uint8Array(Buffer.from(a.slice(37),"base64"))',
            ],
          ],
          args.path,
        ),
        loader: "js",
      };
    });
    // dom-serializer (domutils' getOuterHTML: a feed's XHTML content) takes only its three escapers from its own
    // entities (v4), but importing that package's index evaluates its decoding and encoding tables too (~7 ms of
    // CPU after the first frame, and 75 KB more to compile): it gets the module they are in, the same code.
    plugin.onResolve({ filter: /^entities$/ }, async (args) => {
      if (args.pluginData === "entities-index" || !/[\\/]dom-serializer[\\/]/.test(args.importer))
        return undefined;
      const index = await plugin.resolve("entities", {
        importer: args.importer,
        kind: args.kind,
        resolveDir: args.resolveDir,
        pluginData: "entities-index",
      });
      if (index.errors.length > 0) return { errors: index.errors };
      const escapers = path.join(path.dirname(index.path), "escape.js");
      const source = readFileSync(escapers, "utf8");
      for (const name of ["function encodeXML(", "const escapeAttribute =", "const escapeText ="])
        if (!source.includes(`export ${name}`) || /^import /m.test(source))
          throw new Error(`${escapers} changed: expected export ${name} and no imports`);
      return { path: escapers };
    });
    // entities decodes its decoding tables from base64 as it loads, with atob and a loop over every character
    // pair, run once and cold (~1 ms after the first frame): on a little-endian machine the bytes Buffer decodes are
    // the table already (checked here for every table the package has).
    plugin.onLoad({ filter: /entities[\\/]dist[\\/]esm[\\/]internal[\\/]decode-shared\.js$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      const decodeBase64 = new Function(`${source.replace("export function", "return function")}`)();
      const tables = path.join(path.dirname(args.path), "..", "generated");
      for (const file of readdirSync(tables).filter((f) => /^decode-data-.*\.js$/.test(f))) {
        const found = /decodeBase64\("([A-Za-z0-9+/=]+)"\)/.exec(
          readFileSync(path.join(tables, file), "utf8"),
        );
        if (!found) throw new Error(`${file} changed: expected decodeBase64("…")`);
        const bytes = Buffer.from(found[1], "base64");
        const fast = new Uint16Array(new Uint8Array(bytes).buffer, 0, bytes.length >> 1);
        if (!Buffer.from(fast.buffer, 0, fast.byteLength).equals(Buffer.from(decodeBase64(found[1]).buffer)))
          throw new Error(`${file}: Buffer and entities' decodeBase64 give different tables`);
      }
      return {
        contents: replaceOnce(
          source,
          [
            [
              "export function decodeBase64(input) {",
              "export function decodeBase64(input) {\n" +
                "    if (new Uint8Array(new Uint16Array([1]).buffer)[0] === 1) {\n" +
                '        const bytes = new Uint8Array(Buffer.from(input, "base64"));\n' +
                "        return new Uint16Array(bytes.buffer, 0, bytes.length >> 1);\n" +
                "    }",
            ],
          ],
          args.path,
        ),
        loader: "js",
      };
    });
    // undici's HTTP/2 client loads node:http2 (and with it node:tls) as it loads, for its header-name constants:
    // ~5 ms of CPU after the first frame (1.8 ms where tls is loaded anyway), for a protocol the reader does not
    // ask for (allowH2 is off). The constants are taken here from this Node's own http2, and http2 is loaded at
    // its first connect.
    plugin.onLoad({ filter: /undici[\\/]lib[\\/]dispatcher[\\/]client-h2\.js$/ }, (args) => ({
      contents: replaceOnce(
        readFileSync(args.path, "utf8"),
        [
          [
            "http2 = require('node:http2')",
            `http2 = { constants: ${JSON.stringify(http2Constants(readFileSync(args.path, "utf8")))}, ` +
              "connect: (...args) => require('node:http2').connect(...args) }",
          ],
        ],
        args.path,
      ),
      loader: "js",
    }));
    // undici's core loads node:http as it loads (~2 ms of CPU after the first frame, with its client, agent and
    // server modules), for two things: whether a stream it destroys is an IncomingMessage (none is where node:http
    // was never loaded: the class is asked for only when the name says it may be) and the default of maxHeaderSize
    // (src/sources/http.ts gives it).
    replaceIn(/undici[\\/]lib[\\/]core[\\/]util\.js$/, [
      ["const { IncomingMessage } = require('node:http')\n", ""],
      [
        "if (Object.getPrototypeOf(stream).constructor === IncomingMessage) {",
        "if (Object.getPrototypeOf(stream).constructor.name === 'IncomingMessage' && " +
          "Object.getPrototypeOf(stream).constructor === require('node:http').IncomingMessage) {",
      ],
    ]);
    replaceIn(/undici[\\/]lib[\\/]dispatcher[\\/]client\.js$/, [
      ["const http = require('node:http')\n", ""],
      ["maxHeaderSize || http.maxHeaderSize", "maxHeaderSize || require('node:http').maxHeaderSize"],
    ]);
    // terminal-size (Ink's fallback for a stdout without a size) loads node:child_process as it loads, for the
    // tput and resize it runs only where the terminal gives no size (~1 ms of CPU after the first frame): it is
    // loaded at that first call instead.
    replaceIn(/terminal-size[\\/]index\.js$/, [
      [
        "import {execFileSync} from 'node:child_process';",
        "const execFileSync = (...args) => require('node:child_process').execFileSync(...args);",
      ],
    ]);
    // string-width (called by our fast-string-width only for text that is not one character a cluster: emoji,
    // combining marks) makes its grapheme segmenter and its RGI_Emoji pattern as it loads: ~35 ms of CPU after the
    // first frame, for text a feed list seldom has. They are made at its first such call instead.
    plugin.onLoad({ filter: /string-width[\\/]index\.js$/ }, (args) => ({
      contents: replaceOnce(
        readFileSync(args.path, "utf8"),
        [
          ["const segmenter = new Intl.Segmenter();", "let segmenter;"],
          ["segmenter.segment(string)", "(segmenter ??= new Intl.Segmenter()).segment(string)"],
          ["const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;", "let rgiEmojiRegex;"],
          ["rgiEmojiRegex.test(segment)", "(rgiEmojiRegex ??= /^\\p{RGI_Emoji}$/v).test(segment)"],
        ],
        args.path,
      ),
      loader: "js",
    }));
  },
};

/** Throws unless Buffer decodes Yoga's embedded wasm (its one base64 data: URL) to the bytes atob gives. */
function sameBytesFromBuffer(source, file) {
  const found = [...source.matchAll(/"data:application\/octet-stream;base64,([A-Za-z0-9+/=]+)"/g)];
  if (found.length !== 1) throw new Error(`${file} changed: expected one base64 data: URL`);
  const base64 = found[0][1];
  const viaAtob = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  if (!Buffer.from(base64, "base64").equals(viaAtob))
    throw new Error(`${file}: Buffer and atob decode differently`);
}

/** The values of the http2.constants that undici's client-h2.js takes (HTTP2_HEADER_…), from this Node's http2. */
function http2Constants(source) {
  const names = [...new Set(source.match(/\bHTTP2_[A-Z_]+\b/g))];
  const uses = source.split("http2.").length - 1;
  // Only http2.connect is used besides them: anything else would need http2 itself.
  if (uses !== 1 || !source.includes("http2.connect("))
    throw new Error("undici's client-h2.js changed: it uses more of http2");
  return Object.fromEntries(
    names.map((name) => {
      if (typeof http2.constants[name] !== "string") throw new Error(`node:http2 has no constant ${name}`);
      return [name, http2.constants[name]];
    }),
  );
}

/** Each [from, to] replaced in `source`, where each `from` occurs exactly once: if the package changed, the build stops. */
function replaceOnce(source, replacements, file) {
  for (const [from, to] of replacements) {
    if (source.split(from).length !== 2) throw new Error(`${file} changed: expected once: ${from}`);
    source = source.replace(from, () => to);
  }
  return source;
}

// READER_BUILD_META=<file>: esbuild's metafile written there (which input makes how many bytes of which chunk).
const meta = process.env.READER_BUILD_META;
const result = await build({
  absWorkingDir: root,
  metafile: Boolean(meta),
  // The prefetch worker thread is an entry of its own, started from a chunk beside it (src/tui/prefetch.ts); it
  // shares chunks with the CLI (a bundle of its own would add 7 MB to the package).
  entryPoints: { cli: "src/cli.ts", "prefetch-worker": "src/tui/prefetch-worker.ts" },
  outdir: "dist",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  sourcemap: "linked",
  minify: process.env.READER_BUILD_DEBUG ? false : true,
  minifySyntax: true,
  legalComments: "none",
  define: { "process.env.NODE_ENV": '"production"' },
  // Ink (and our width code) measure with a string-width that is fast on CJK text and exact (see the module).
  alias: {
    "react-devtools-core": devtoolsStub,
    "string-width": path.join(root, "src/text/fast-string-width.ts"),
  },
  // node-pty and friends are test-only; nothing native is bundled. better-sqlite3's JavaScript (the archive) is
  // bundled, and its compiled addon loaded from node_modules at run time (src/store/archive.ts, builtAddon): loaded
  // by Node as a package instead, its dozen files each cost a resolution, a read and a compile (4.4 ms of CPU more
  // to load it and open a database). Its `bindings` package is kept out: it finds the addon from its caller's path.
  external: ["bindings"],
  banner: {
    js: "import { createRequire as __readerCreateRequire } from 'node:module'; const require = __readerCreateRequire(import.meta.url);",
  },
  plugins: [inkOutputPatch],
  logLevel: "warning",
});
if (meta) writeFileSync(meta, JSON.stringify(result.metafile));
