import { describe, expect, it } from "vitest";
import type { Channel } from "../../src/model.js";
import type { ChannelList } from "../../src/sources/library.js";
import type { ListLookup, Load } from "../../src/tui/data.js";
import { channelForSection, sectionTarget } from "../../src/tui/sections.js";

const channels: Channel[] = [
  {
    id: "people-politics",
    title: "人民網 時政",
    url: "http://www.people.com.cn/rss/politics.xml",
    origin: "default",
    fallbackUrl: "http://politics.people.com.cn/GB/1024/index.html",
  },
  {
    id: "sample-shandong",
    title: "山東頻道",
    url: "http://sample.reader.invalid/rss/shandong.xml",
    origin: "sample",
  },
];
const lists = (loads: Record<string, Load<ChannelList>>): ListLookup => ({ get: (id) => loads[id] });
const shandong: Load<ChannelList> = {
  status: "ready",
  value: { items: [], warnings: [], link: "http://sample.reader.invalid/BIG5/166188/index.html" },
};

describe("which saved channel a breadcrumb step is", () => {
  it("the channel whose section page it is, with or without index.html, over http or https", () => {
    for (const url of [
      "http://politics.people.com.cn/GB/1024/index.html",
      "https://politics.people.com.cn/GB/1024/",
      "http://POLITICS.people.com.cn/GB/1024/index.html#top",
    ])
      expect(channelForSection(url, channels, lists({}))?.id, url).toBe("people-politics");
  });

  it("the channel whose feed names that page as its own (the feed's <link>), once the feed is loaded", () => {
    const url = "http://sample.reader.invalid/BIG5/166188/index.html";
    expect(channelForSection(url, channels, lists({}))).toBeUndefined();
    expect(channelForSection(url, channels, lists({ "sample-shandong": shandong }))?.id).toBe(
      "sample-shandong",
    );
  });

  it("no channel for another section: it opens as its page read as a list", () => {
    const step = { title: "地方動態", url: "http://sample.reader.invalid/BIG5/166192/index.html" };
    expect(sectionTarget(step, channels, lists({ "sample-shandong": shandong }))).toEqual({
      kind: "section",
      ...step,
    });
  });
});
