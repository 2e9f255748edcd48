// A second reader process for the archive tests: `put DIR PREFIX N` keeps N articles, each in its own
// transaction, as a refresh does while another reader searches and writes the same database.
import { loadNormaliser, openArchive } from "../../src/store/archive.js";

const [mode, dir, prefix = "p", count = "50"] = process.argv.slice(2);
if (mode !== "put" || !dir) throw new Error("usage: archive-child put DIR PREFIX N");
const { archive, warnings } = await openArchive({ dir, normalise: await loadNormaliser() });
if (!archive) throw new Error(warnings.join("; "));
for (let i = 0; i < Number(count); i++) {
  archive.putArticle(`https://example.com/${prefix}/${i}`, {
    url: `https://example.com/${prefix}/${i}`,
    title: `${prefix} 第${i}篇`,
    breadcrumb: [],
    editors: [],
    body: [{ type: "paragraph", text: `颱風消息 ${prefix} ${i}` }],
    recommended: [],
    warnings: [],
  });
}
archive.close();
