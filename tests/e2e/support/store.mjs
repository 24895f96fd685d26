// The committed sample store, read the way the app reads it, for expected values.
import { readFileSync } from "node:fs";
import path from "node:path";
import { root } from "./server.mjs";

const STORE = path.join(root, "public/data/v1");

export function storeFile(relative) {
  return JSON.parse(readFileSync(path.join(STORE, relative), "utf8"));
}

export function deed(id) {
  const page = storeFile(`all/${Math.floor((id - 1) / 50)}.json`);
  return page.deeds.find((d) => d.id === id);
}

export function university(id) {
  return storeFile("universities.json").universities.find((u) => u.id === id);
}

export function stats(id) {
  return storeFile("stats.json").universities.find((u) => u.id === id);
}
