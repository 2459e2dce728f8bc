// Copies the front-end packages from node_modules into build/static and makes the
// right-to-left stylesheet. Nothing is fetched at run time: the pages load only these files.
import { cpSync, mkdirSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import rtlcss from "rtlcss";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "build", "static", "vendor");
const nm = join(root, "node_modules");

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const kern = join(nm, "@kern-ux", "native", "dist");
mkdirSync(join(out, "kern"), { recursive: true });
cpSync(join(kern, "kern.min.css"), join(out, "kern", "kern.min.css"));
cpSync(join(kern, "fonts"), join(out, "kern", "fonts"), { recursive: true });
cpSync(join(kern, "js"), join(out, "kern", "js"), { recursive: true });
const ltr = readFileSync(join(kern, "kern.min.css"), "utf8");
writeFileSync(join(out, "kern", "kern.rtl.min.css"), rtlcss.process(ltr));

mkdirSync(join(out, "htmx"), { recursive: true });
cpSync(join(nm, "htmx.org", "dist", "htmx.min.js"), join(out, "htmx", "htmx.min.js"));

// axe-core is only used by the accessibility tests; it is copied next to the others so the
// browser tests can inject it from a file on disk.
mkdirSync(join(out, "axe"), { recursive: true });
cpSync(join(nm, "axe-core", "axe.min.js"), join(out, "axe", "axe.min.js"));

console.log("assets built into", out);
