// The default 人民網 channels shown after the sample site. Each feed falls back to its section's list page,
// because several 人民網 feeds go stale or empty for long stretches.
import type { Channel } from "../model.js";

const rss = (name: string) => `http://www.people.com.cn/rss/${name}.xml`;

export const peopleChannels: Channel[] = [
  {
    id: "people-ywkx",
    title: "人民網 要聞",
    url: rss("ywkx"),
    origin: "default",
    fallbackUrl: "http://www.people.com.cn/GB/59476/index.html",
  },
  {
    id: "people-politics",
    title: "人民網 時政",
    url: rss("politics"),
    origin: "default",
    fallbackUrl: "http://politics.people.com.cn/GB/1024/index.html",
  },
  {
    id: "people-world",
    title: "人民網 國際",
    url: rss("world"),
    origin: "default",
    fallbackUrl: "http://world.people.com.cn/GB/1002/index.html",
  },
  {
    id: "people-finance",
    title: "人民網 財經",
    url: rss("finance"),
    origin: "default",
    fallbackUrl: "http://finance.people.com.cn/GB/1004/index.html",
  },
  {
    id: "people-society",
    title: "人民網 社會",
    url: rss("society"),
    origin: "default",
    fallbackUrl: "http://society.people.com.cn/GB/1008/index.html",
  },
  {
    id: "people-military",
    title: "人民網 軍事",
    url: rss("military"),
    origin: "default",
    fallbackUrl: "http://military.people.com.cn/",
  },
  {
    id: "people-edu",
    title: "人民網 教育",
    url: rss("edu"),
    origin: "default",
    fallbackUrl: "http://edu.people.com.cn/GB/1053/index.html",
  },
  {
    id: "people-sports",
    title: "人民網 體育",
    url: rss("sports"),
    origin: "default",
    fallbackUrl: "http://sports.people.com.cn/",
  },
];
