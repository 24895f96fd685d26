// Shrinks a photo on the phone before it is kept or sent (see public/photos.js, which
// starts this file as a Web Worker, and src/app/photo_files.rs): the browser decodes it
// with its orientation applied, draws it with the long side at most 1600 px, and encodes
// it again as WebP (JPEG where the browser cannot encode WebP), lowering the quality
// until it is at most 300 KB. Only the pixels are drawn, so no EXIF, GPS position or
// other metadata, nor anything after the image's end, survives.
//
// In a worker it answers `{ id, file }` with `{ id, blob, width, height }` or
// `{ id, error }`: "unreadable" (the browser cannot decode it, e.g. HEIC outside Safari)
// or "no-offscreen" (workers here cannot draw: photos.js then loads this file into the
// page, where it defines `qqShrink(file)` drawing on a plain canvas).
"use strict";

// model::photo::PHONE_LONG_SIDE and PHONE_TARGET_BYTES.
const LONG_SIDE = 1600;
const TARGET_BYTES = 300 * 1024;
const QUALITIES = [0.8, 0.7, 0.6, 0.5, 0.4];

async function encode(canvas, type, quality) {
  if (canvas.convertToBlob) return canvas.convertToBlob({ type, quality });
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject("unreadable")), type, quality),
  );
}

async function shrinkWith(file, canvasOf) {
  let bitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  } catch {
    throw "unreadable";
  }
  try {
    const fit = Math.min(1, LONG_SIDE / Math.max(bitmap.width, bitmap.height));
    let width = Math.max(1, Math.round(bitmap.width * fit));
    let height = Math.max(1, Math.round(bitmap.height * fit));
    let type = "image/webp";
    // Smaller and smaller, in the rare case the lowest quality is still too large.
    for (let round = 0; round < 6; round += 1) {
      const canvas = canvasOf(width, height);
      const context = canvas.getContext("2d");
      if (!context) throw "no-offscreen";
      context.drawImage(bitmap, 0, 0, width, height);
      for (const quality of QUALITIES) {
        let blob = await encode(canvas, type, quality);
        // A browser that cannot encode WebP answers PNG: JPEG then.
        if (blob.type !== type) {
          type = "image/jpeg";
          let blob = await encode(canvas, type, quality);
        }
        if (blob.size <= TARGET_BYTES) return { blob, width, height };
        // Far too large for any quality to help: fewer pixels first.
        if (blob.size > TARGET_BYTES * 4) break;
      }
      width = Math.max(1, Math.round(width * 0.8));
      height = Math.max(1, Math.round(height * 0.8));
    }
    throw "unreadable";
  } finally {
    bitmap.close();
  }
}

if (typeof WorkerGlobalScope !== "undefined" && self instanceof WorkerGlobalScope) {
  self.onmessage = async ({ data }) => {
    const { id, file } = data;
    if (typeof OffscreenCanvas === "undefined") {
      self.postMessage({ id, error: "no-offscreen" });
      return;
    }
    try {
      const shrunk = await shrinkWith(file, (width, height) => new OffscreenCanvas(width, height));
      self.postMessage({ id, ...shrunk });
    } catch (error) {
      self.postMessage({ id, error: typeof error === "string" ? error : "unreadable" });
    }
  };
} else {
  self.qqShrink = (file) =>
    shrinkWith(file, (width, height) => {
      const canvas = document.createElement("canvas");
      canvas.width = width;
      canvas.height = height;
      return canvas;
    });
}
