// OPML in and out: what newsboat, Feedly, Inoreader, NetNewsWire and others export. Nested outlines without
// an xmlUrl are folders; their titles, joined by " / ", become the channel's folder.
import { parseDocument } from "htmlparser2";
import type { Element } from "domhandler";
import type { Channel } from "../model.js";
import { sanitizeInline } from "../text/sanitize.js";
import { normaliseFeedUrl, userChannel } from "./channel-list.js";

export interface OpmlImport {
  /** Channels in document order, origin "user", ids unique among themselves. */
  channels: Channel[];
  /** Outlines skipped and why. */
  warnings: string[];
}

function isElement(node: unknown): node is Element {
  return (node as { type?: string }).type === "tag";
}

function children(node: { children: unknown[] }, name: string): Element[] {
  return node.children.filter((c): c is Element => isElement(c) && c.name.toLowerCase() === name);
}

function attribute(element: Element, name: string): string | undefined {
  // OPML in the wild varies the case (xmlUrl, xmlurl, XMLURL).
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(element.attribs)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

export function importOpml(xml: string): OpmlImport {
  const warnings: string[] = [];
  const channels: Channel[] = [];
  const document = parseDocument(xml, { xmlMode: true, decodeEntities: true });
  const opml = children(document, "opml")[0];
  const body = opml ? children(opml, "body")[0] : undefined;
  if (!body) return { channels, warnings: ["This is not an OPML file (no <opml><body>)."] };
  const seen = new Set<string>();
  const ids = new Set<string>();

  const walk = (parent: Element, folders: string[]): void => {
    for (const outline of children(parent, "outline")) {
      const label = sanitizeInline(attribute(outline, "title") || attribute(outline, "text") || "");
      const xmlUrl = attribute(outline, "xmlUrl")?.trim();
      if (!xmlUrl) {
        // A folder (or a bare note): its feeds are filed under its name.
        walk(outline, label ? [...folders, label.replace(/\//g, "∕")] : folders);
        continue;
      }
      let url: string;
      try {
        url = normaliseFeedUrl(xmlUrl);
      } catch {
        // newsboat's "query:" and "exec:"/"filter:" feeds have no URL we can fetch.
        warnings.push(
          `Skipped "${label || sanitizeInline(xmlUrl)}": ${sanitizeInline(xmlUrl)} is not an http(s) feed.`,
        );
        continue;
      }
      if (seen.has(url)) {
        warnings.push(`Skipped a second entry for ${url}.`);
        continue;
      }
      seen.add(url);
      const channel = userChannel(url, label, folders.length > 0 ? folders.join(" / ") : undefined, ids);
      ids.add(channel.id);
      channels.push(channel);
    }
  };
  walk(body, []);
  return { channels, warnings };
}

function escapeXml(text: string): string {
  // XML 1.0 allows no C0 controls but TAB/LF/CR; content is sanitised already, this is belt and braces.
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "").replace(/[&<>"'\t\n\r]/g, (c) => {
    switch (c) {
      case "&":
        return "&amp;";
      case "<":
        return "&lt;";
      case ">":
        return "&gt;";
      case '"':
        return "&quot;";
      case "'":
        return "&apos;";
      default:
        return `&#${c.charCodeAt(0)};`;
    }
  });
}

interface FolderNode {
  name: string;
  feeds: Channel[];
  folders: FolderNode[];
}

/** OPML 2.0 with folders as nested outlines, in the channels' order (a folder sits where its first feed is). */
export function exportOpml(channels: readonly Channel[], now = new Date()): string {
  const root: FolderNode = { name: "", feeds: [], folders: [] };
  const order: (Channel | FolderNode)[] = [];
  const rootOrder = order;
  const orders = new Map<FolderNode, (Channel | FolderNode)[]>([[root, rootOrder]]);
  for (const channel of channels) {
    let node = root;
    const path = channel.folder ? channel.folder.split(" / ").filter((p) => p !== "") : [];
    for (const name of path) {
      let next = node.folders.find((f) => f.name === name);
      if (!next) {
        next = { name, feeds: [], folders: [] };
        node.folders.push(next);
        orders.get(node)?.push(next);
        orders.set(next, []);
      }
      node = next;
    }
    node.feeds.push(channel);
    orders.get(node)?.push(channel);
  }
  const lines: string[] = [];
  const emit = (items: (Channel | FolderNode)[], depth: number): void => {
    const pad = "  ".repeat(depth);
    for (const item of items) {
      if ("url" in item) {
        const title = escapeXml(item.title);
        lines.push(
          `${pad}<outline type="rss" text="${title}" title="${title}" xmlUrl="${escapeXml(item.url)}"/>`,
        );
      } else {
        const name = escapeXml(item.name);
        lines.push(`${pad}<outline text="${name}" title="${name}">`);
        emit(orders.get(item) ?? [], depth + 1);
        lines.push(`${pad}</outline>`);
      }
    }
  };
  emit(rootOrder, 2);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    "  <head>",
    "    <title>reader subscriptions</title>",
    `    <dateCreated>${now.toUTCString()}</dateCreated>`,
    "  </head>",
    "  <body>",
    ...lines,
    "  </body>",
    "</opml>",
    "",
  ].join("\n");
}
