// Photos for the tests and the bench: a camera-like JPEG made in the page (4000x3000, with
// an EXIF segment carrying a GPS position, as a phone's camera writes it), the bad files
// the form must refuse, and readers of what the outbox sends (multipart, JPEG and WebP
// structure).

/** The GPS latitude the EXIF segment carries: 43° 13′ 12.345″ N (KazNU), as rationals. */
export const GPS_LATITUDE = Buffer.from([
  0, 0, 0, 43, 0, 0, 0, 1, 0, 0, 0, 13, 0, 0, 0, 1, 0, 0, 0x30, 0x39, 0, 0, 0x03, 0xe8,
]);

/** An APP1 "Exif" segment (big-endian TIFF) whose IFD0 points to a GPS IFD. */
export function exifWithGps() {
  const tiff = [];
  const u16 = (v) => tiff.push((v >> 8) & 0xff, v & 0xff);
  const u32 = (v) => tiff.push((v >>> 24) & 0xff, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff);
  tiff.push(0x4d, 0x4d); // "MM"
  u16(42);
  u32(8); // IFD0 at 8
  // IFD0: one entry, GPSInfo (0x8825) LONG 1 -> the GPS IFD at 26.
  u16(1);
  u16(0x8825); u16(4); u32(1); u32(26);
  u32(0); // no next IFD
  // GPS IFD at 26: version, latitude ref "N", latitude (3 rationals at 68).
  u16(3);
  u16(0x0000); u16(1); u32(4); tiff.push(2, 3, 0, 0);
  u16(0x0001); u16(2); u32(2); tiff.push(0x4e, 0, 0, 0);
  u16(0x0002); u16(5); u32(3); u32(68);
  u32(0);
  tiff.push(...GPS_LATITUDE);
  const payload = Buffer.concat([Buffer.from("Exif\0\0", "latin1"), Buffer.from(tiff)]);
  const length = payload.length + 2;
  return Buffer.concat([Buffer.from([0xff, 0xe1, length >> 8, length & 0xff]), payload]);
}

/**
 * A 4000x3000 camera-like JPEG (sky, ground, shapes and sensor noise, quality 0.92) drawn
 * in `page`, with an EXIF APP1 segment carrying GPS spliced in after its start marker.
 */
export async function cameraJpeg(page) {
  const base64 = await page.evaluate(async () => {
    const canvas = document.createElement("canvas");
    canvas.width = 4000;
    canvas.height = 3000;
    const context = canvas.getContext("2d");
    const sky = context.createLinearGradient(0, 0, 0, 3000);
    sky.addColorStop(0, "#6fa8dc");
    sky.addColorStop(0.55, "#d9ead3");
    sky.addColorStop(0.56, "#6aa84f");
    sky.addColorStop(1, "#274e13");
    context.fillStyle = sky;
    context.fillRect(0, 0, 4000, 3000);
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let i = 0; i < 400; i += 1) {
      context.fillStyle = `hsl(${Math.floor(random() * 360)} 45% ${30 + Math.floor(random() * 40)}%)`;
      context.beginPath();
      context.arc(random() * 4000, 1200 + random() * 1800, 20 + random() * 160, 0, Math.PI * 2);
      context.fill();
    }
    // Sensor noise, as a camera's photo has: small, everywhere.
    const image = context.getImageData(0, 0, 4000, 3000);
    const data = image.data;
    for (let i = 0; i < data.length; i += 4) {
      const n = (random() - 0.5) * 18;
      data[i] += n;
      data[i + 1] += n;
      data[i + 2] += n;
    }
    context.putImageData(image, 0, 0);
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.92));
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let text = "";
    for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(text);
  });
  const jpeg = Buffer.from(base64, "base64");
  return Buffer.concat([jpeg.subarray(0, 2), exifWithGps(), jpeg.subarray(2)]);
}

/** A small real JPEG drawn in `page` (640x480). */
export async function smallJpeg(page) {
  const base64 = await page.evaluate(async () => {
    const canvas = document.createElement("canvas");
    canvas.width = 640;
    canvas.height = 480;
    const context = canvas.getContext("2d");
    context.fillStyle = "#c27ba0";
    context.fillRect(0, 0, 640, 480);
    context.fillStyle = "#fff";
    context.fillRect(100, 100, 200, 120);
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.9));
    const bytes = new Uint8Array(await blob.arrayBuffer());
    return btoa(String.fromCharCode(...bytes));
  });
  return Buffer.from(base64, "base64");
}

function pngChunk(kind, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  return Buffer.concat([length, Buffer.from(kind, "latin1"), data, Buffer.alloc(4)]);
}

/** A PNG header saying `width` x `height`, with a tiny IDAT and its end. */
export function pngOf(width, height) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from("\x89PNG\r\n\x1a\n", "latin1"),
    pngChunk("IHDR", header),
    pngChunk("IDAT", Buffer.from([1, 2, 3])),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

/** Splits a multipart body by its boundary into `{ name, filename, type, data }` parts. */
export function multipart(body, contentType) {
  const boundary = contentType.match(/boundary=(?:"([^"]+)"|([^;]+))/);
  assertOk(boundary, `no boundary in ${contentType}`);
  const marker = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const parts = [];
  let at = body.indexOf(marker);
  while (at >= 0) {
    const start = at + marker.length;
    if (body.subarray(start, start + 2).toString() === "--") break;
    const next = body.indexOf(marker, start);
    const part = body.subarray(start + 2, next - 2); // after CRLF, before CRLF
    const split = part.indexOf("\r\n\r\n");
    const head = part.subarray(0, split).toString();
    parts.push({
      name: head.match(/name="([^"]*)"/)?.[1],
      filename: head.match(/filename="([^"]*)"/)?.[1],
      type: head.match(/content-type:\s*([^\r\n]+)/i)?.[1],
      data: part.subarray(split + 4),
    });
    at = next;
  }
  return parts;
}

function assertOk(value, message) {
  if (!value) throw new Error(message);
}

/**
 * What an image's bytes are: `{ kind, width, height, segments }` (for a JPEG its markers
 * before the scan; for a WebP its chunks).
 */
export function imageInfo(bytes) {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) {
    const segments = [];
    let at = 2;
    let width = 0;
    let height = 0;
    while (at < bytes.length && bytes[at] === 0xff) {
      const marker = bytes[at + 1];
      const length = bytes.readUInt16BE(at + 2);
      segments.push(marker);
      if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
        height = bytes.readUInt16BE(at + 5);
        width = bytes.readUInt16BE(at + 7);
      }
      if (marker === 0xda) break;
      at += 2 + length;
    }
    return { kind: "jpeg", width, height, segments };
  }
  if (bytes.subarray(0, 4).toString("latin1") === "RIFF" && bytes.subarray(8, 12).toString("latin1") === "WEBP") {
    const segments = [];
    let width = 0;
    let height = 0;
    for (let at = 12; at + 8 <= bytes.length; ) {
      const kind = bytes.subarray(at, at + 4).toString("latin1");
      const size = bytes.readUInt32LE(at + 4);
      segments.push(kind);
      const data = at + 8;
      if (kind === "VP8 ") {
        width = bytes.readUInt16LE(data + 6) & 0x3fff;
        height = bytes.readUInt16LE(data + 8) & 0x3fff;
      } else if (kind === "VP8L") {
        const bits = bytes.readUInt32LE(data + 1);
        width = (bits & 0x3fff) + 1;
        height = ((bits >> 14) & 0x3fff) + 1;
      } else if (kind === "VP8X") {
        width = bytes.readUIntLE(data + 4, 3) + 1;
        height = bytes.readUIntLE(data + 7, 3) + 1;
      }
      at = data + size + (size % 2);
    }
    return { kind: "webp", width, height, segments };
  }
  return { kind: "unknown", width: 0, height: 0, segments: [] };
}
