// The translations, read from the locale files, so no test hard-codes one language.
import { readFileSync } from "node:fs";
import path from "node:path";
import { root } from "./server.mjs";

export const LOCALES = ["kk", "ru", "en"];

const cache = new Map();

/**
 * The string at a dotted key (`about.title`) in `locale`, with its `{{ name }}`
 * placeholders filled from `vars` (`t("ru", "submit.error.too_short", { n: 3 })`).
 */
export function t(locale, key, vars = {}) {
  if (!cache.has(locale)) {
    cache.set(locale, JSON.parse(readFileSync(path.join(root, "locales", `${locale}.json`), "utf8")));
  }
  const value = key.split(".").reduce((node, part) => node?.[part], cache.get(locale));
  if (typeof value !== "string") throw new Error(`no key ${key} in ${locale}.json`);
  return value.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name) => {
    if (!(name in vars)) throw new Error(`${locale}.json ${key} needs ${name}`);
    return String(vars[name]);
  });
}
