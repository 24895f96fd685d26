// One browser and one server for a test file: registers the hooks that start and stop them.
import { after, before } from "node:test";

import { launch } from "./browser.mjs";
import { startServer } from "./server.mjs";

/** Starts Chromium and `qq serve` before the file's tests and stops both after. */
export function useSession() {
  const session = {};
  before(async () => {
    session.browser = await launch();
    session.server = await startServer();
  });
  after(async () => {
    await session.browser?.close();
    await session.server?.stop();
  });
  return session;
}
