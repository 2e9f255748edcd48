// Sections opened from an article's breadcrumb (人民網 » 山東頻道 » …): the saved channel a step names, when one
// does, else the step's page read as a list (see Library.loadSection).
import type { Channel } from "../model.js";
import type { ListLookup } from "./data.js";
import { BOOKMARKS_ID } from "./rows.js";
import type { LinkTarget } from "./state.js";

/**
 * An address as a section is named: a section's front page is the same page with or without `index.html`, over
 * http or https, whatever the fragment.
 */
function sectionKey(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    const path = parsed.pathname.replace(/\/index\.s?html?$/i, "/");
    return `${parsed.host.toLowerCase()}${path === "" ? "/" : path}${parsed.search}`;
  } catch {
    return undefined;
  }
}

/**
 * The saved channel a section page is: its feed or list page is that address, or its feed says it is that
 * section's (the feed's own `<link>`, as 人民網 feeds name their channel's page).
 */
export function channelForSection(
  url: string,
  channels: readonly Channel[],
  lists: ListLookup,
): Channel | undefined {
  const key = sectionKey(url);
  if (key === undefined) return undefined;
  return channels.find((channel) => {
    if (channel.id === BOOKMARKS_ID) return false;
    if (sectionKey(channel.url) === key || sectionKey(channel.fallbackUrl) === key) return true;
    const load = lists.get(channel.id);
    return load?.status === "ready" && sectionKey(load.value.link) === key;
  });
}

/** What a breadcrumb step opens: its channel, or its page as a list. */
export function sectionTarget(
  step: { url: string; title: string },
  channels: readonly Channel[],
  lists: ListLookup,
): LinkTarget {
  const channel = channelForSection(step.url, channels, lists);
  return channel
    ? { kind: "channel", channelId: channel.id }
    : { kind: "section", url: step.url, title: step.title };
}
