// The photos' page side, loaded by the form's app the first time it needs it (see
// src/app/photo_files.rs): plain JavaScript, so none of it weighs on the app's download.
// It defines `qqPhotos`:
//
// - `shrink(file)`: the photo shrunk off the page's thread by public/photo-worker.js
//   (on the page, with a plain canvas, where workers cannot draw) →
//   `{ blob, url, width, height, bytes }`; rejects with "unreadable".
// - `keep(uuid, blobs)`: the shrunk photos of a deed into IndexedDB (database `qq-outbox`,
//   store `photos`, key `{uuid}/{index}`) in one transaction, replacing the deed's earlier
//   ones: either all are kept or, storage being full, none is and nothing kept before is
//   lost. Rejects with the error's name ("QuotaExceededError"). Asks the browser to keep
//   the site's storage (`navigator.storage.persist()`) while a deed waits.
// - `load(uuid, count)`: the deed's kept photos → `[{ blob, url, bytes } | null]`.
// - `body(uuid, json, count)`: the multipart body of `POST /api/v1/deeds`: the part `deed`
//   (the submission's JSON) and `photo0`.. `photo2` (missing files are left out: the inbox
//   then says which, and the deed needs the student).
// - `show()`: fills each `<img data-kept="{uuid}/{index}">` on the page with that kept
//   photo (My deeds' thumbnails), each file's URL made once and kept until `remove`.
// - `remove(uuid)`: forgets the deed's photos (published, declined or deleted).
// - `revoke(url)`: frees a preview's object URL.
"use strict";

(() => {
  const DB = "qq-outbox";
  const STORE = "photos";
  const at = (name) => new URL(name, document.baseURI).href;

  let opened = null;
  function db() {
    opened ??= new Promise((resolve, reject) => {
      const request = indexedDB.open(DB, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error?.name ?? "UnknownError");
    });
    opened.catch(() => (opened = null));
    return opened;
  }

  // Runs `work(store)` in one transaction; resolves with its result once committed.
  async function transaction(mode, work) {
    const database = await db();
    return new Promise((resolve, reject) => {
      let result;
      let tx;
      try {
        tx = database.transaction(STORE, mode);
        result = work(tx.objectStore(STORE));
      } catch (error) {
        tx?.abort();
        reject(error?.name ?? "UnknownError");
        return;
      }
      tx.oncomplete = () => resolve(result);
      tx.onabort = tx.onerror = () => reject(tx.error?.name ?? "AbortError");
    });
  }

  const range = (uuid) => IDBKeyRange.bound(`${uuid}/`, `${uuid}/\uffff`);
  const ending = (blob) => (blob.type === "image/webp" ? "webp" : blob.type === "image/png" ? "png" : "jpg");

  // The worker, started on the first photo; `null` once it failed to start.
  let worker;
  let serial = 0;
  const asked = new Map();
  function startWorker() {
    if (worker !== undefined) return worker;
    try {
      worker = new Worker(at("photo-worker.js"));
    } catch {
      worker = null;
      return worker;
    }
    worker.onmessage = ({ data }) => {
      const ask = asked.get(data.id);
      asked.delete(data.id);
      if (!ask) return;
      if (data.error) ask.reject(data.error);
      else ask.resolve(data);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      for (const ask of asked.values()) ask.reject("no-offscreen");
      asked.clear();
      worker = null;
    };
    return worker;
  }

  function inWorker(file) {
    const running = startWorker();
    if (!running) return Promise.reject("no-offscreen");
    return new Promise((resolve, reject) => {
      serial += 1;
      asked.set(serial, { resolve, reject });
      running.postMessage({ id: serial, file });
    });
  }

  let script = null;
  function onPage(file) {
    script ??= new Promise((resolve, reject) => {
      const element = document.createElement("script");
      element.src = at("photo-worker.js");
      element.onload = resolve;
      element.onerror = () => reject("unreadable");
      document.head.append(element);
    });
    return script.then(() => self.qqShrink(file));
  }

  const shown = (blob) => ({ blob, url: URL.createObjectURL(blob), bytes: blob.size });
  // The thumbnails' URLs, by key.
  const thumbnails = new Map();

  self.qqPhotos = {
    async shrink(file) {
      let shrunk;
      try {
        shrunk = await inWorker(file);
      } catch (error) {
        if (error !== "no-offscreen") throw error;
        shrunk = await onPage(file);
      }
      return { ...shown(shrunk.blob), width: shrunk.width, height: shrunk.height };
    },

    async keep(uuid, blobs) {
      await transaction("readwrite", (store) => {
        store.delete(range(uuid));
        blobs.forEach((blob, index) => store.put(blob, `${uuid}/${index}`));
      });
      navigator.storage?.persist?.().catch(() => {});
    },

    async load(uuid, count) {
      const requests = await transaction("readonly", (store) =>
        Array.from({ length: count }, (_, index) => store.get(`${uuid}/${index}`)),
      );
      return requests.map((request) => (request.result instanceof Blob ? shown(request.result) : null));
    },

    async body(uuid, json, count) {
      const requests = await transaction("readonly", (store) =>
        Array.from({ length: count }, (_, index) => store.get(`${uuid}/${index}`)),
      );
      const body = new FormData();
      body.append("deed", json);
      requests.forEach((request, index) => {
        const blob = request.result;
        if (blob instanceof Blob) body.append(`photo${index}`, blob, `photo${index}.${ending(blob)}`);
      });
      return body;
    },

    async show() {
      const images = [...document.querySelectorAll("img[data-kept]")];
      const missing = [...new Set(images.map((image) => image.dataset.kept).filter((key) => !thumbnails.has(key)))];
      if (missing.length) {
        const requests = await transaction("readonly", (store) => missing.map((key) => store.get(key)));
        requests.forEach((request, index) => {
          if (request.result instanceof Blob) thumbnails.set(missing[index], URL.createObjectURL(request.result));
        });
      }
      for (const image of images) {
        const url = thumbnails.get(image.dataset.kept);
        if (url && image.getAttribute("src") !== url) image.src = url;
      }
    },

    async remove(uuid) {
      await transaction("readwrite", (store) => store.delete(range(uuid)));
      for (const [key, url] of thumbnails) {
        if (key.startsWith(`${uuid}/`)) {
          URL.revokeObjectURL(url);
          thumbnails.delete(key);
        }
      }
    },

    revoke(url) {
      URL.revokeObjectURL(url);
    },
  };
})();
