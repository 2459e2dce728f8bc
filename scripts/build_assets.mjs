// Copies the front-end packages from node_modules into build/static and makes the
// right-to-left stylesheet. Nothing is fetched at run time: the pages load only these files.
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync, rmSync } from "node:fs";
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

// Maps (Leaflet with marker clustering) and the network graph (Cytoscape.js).
mkdirSync(join(out, "leaflet"), { recursive: true });
cpSync(join(nm, "leaflet", "dist", "leaflet.js"), join(out, "leaflet", "leaflet.js"));
cpSync(join(nm, "leaflet", "dist", "leaflet.css"), join(out, "leaflet", "leaflet.css"));
cpSync(join(nm, "leaflet", "dist", "images"), join(out, "leaflet", "images"), { recursive: true });
const cluster = join(nm, "leaflet.markercluster", "dist");
for (const file of ["leaflet.markercluster.js", "MarkerCluster.css", "MarkerCluster.Default.css"]) {
  cpSync(join(cluster, file), join(out, "leaflet", file));
}
mkdirSync(join(out, "cytoscape"), { recursive: true });
cpSync(join(nm, "cytoscape", "dist", "cytoscape.min.js"), join(out, "cytoscape", "cytoscape.min.js"));

// The topic tiles' icons: Material Symbols (outlined, weight 400; Apache-2.0), the icon family
// KERN itself uses. Only the ones the tiles name are copied; public.css masks them.
const symbols = join(nm, "@material-symbols", "svg-400", "outlined");
mkdirSync(join(out, "material-symbols"), { recursive: true });
for (const name of [
  "translate", "work", "home", "medical_services", "family_restroom", "badge", "diversity_3", "forum",
  "workspace_premium", "volunteer_activism", "public", "label",
]) {
  cpSync(join(symbols, `${name}.svg`), join(out, "material-symbols", `${name}.svg`));
}
cpSync(join(nm, "@material-symbols", "svg-400", "LICENSE"), join(out, "material-symbols", "LICENSE"));

// Fonts for the PDFs (WeasyPrint): Noto Sans for Latin, Turkish and Cyrillic, Noto Sans Arabic
// for Arabic, Farsi and Dari. The @font-face rules of fontsource are kept for the wanted subsets
// only, pointing at the woff2 files next to fonts.css.
const fonts = join(out, "fonts");
mkdirSync(fonts, { recursive: true });
const fontSubsets = [
  ["noto-sans", ["latin", "latin-ext", "cyrillic"]],
  ["noto-sans-arabic", ["arabic"]],
];
const fontFaces = [];
for (const [pkg, subsets] of fontSubsets) {
  for (const weight of ["400", "700"]) {
    const css = readFileSync(join(nm, "@fontsource", pkg, `${weight}.css`), "utf8");
    for (const subset of subsets) {
      const file = `${pkg}-${subset}-${weight}-normal.woff2`;
      const block = css.match(new RegExp(`/\\* ${pkg}-${subset}-${weight}-normal \\*/\\s*(@font-face \\{[^}]*\\})`));
      if (!block) throw new Error(`no @font-face for ${file}`);
      cpSync(join(nm, "@fontsource", pkg, "files", file), join(fonts, file));
      fontFaces.push(block[1].replace(/src: [^;]*;/, `src: url(${file}) format("woff2");`));
    }
  }
}
writeFileSync(join(fonts, "fonts.css"), fontFaces.join("\n") + "\n");

// axe-core is only used by the accessibility tests; it is copied next to the others so the
// browser tests can inject it from a file on disk.
mkdirSync(join(out, "axe"), { recursive: true });
cpSync(join(nm, "axe-core", "axe.min.js"), join(out, "axe", "axe.min.js"));

// The packages point to source maps they do not ship; collectstatic's manifest storage would
// fail on those references, and the maps are not needed in production.
function stripSourceMaps(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      stripSourceMaps(path);
    } else if (/\.(js|css)$/.test(entry.name)) {
      const text = readFileSync(path, "utf8");
      const stripped = text.replace(/^\s*\/[/*][#@] sourceMappingURL=.*$/gm, "");
      if (stripped !== text) writeFileSync(path, stripped);
    }
  }
}
stripSourceMaps(out);

console.log("assets built into", out);
