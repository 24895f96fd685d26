// The search worker's loader (see src/app/search_worker.rs): loads the worker's code and
// keeps any search asked while it compiles, then hands those to the worker once it listens.
importScripts("./alfarabi-qq-search.js");
const early = [];
self.onmessage = (event) => early.push(event);
wasm_bindgen({ module_or_path: "./alfarabi-qq-search_bg.wasm" }).then(() => {
  for (const event of early.splice(0)) self.onmessage(event);
});
