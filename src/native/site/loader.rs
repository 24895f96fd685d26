//! `loader.js`: the one script every page loads by a name that never changes. It knows
//! this build's content-hashed app files, so a new release rewrites it (and the service
//! worker) but no page: the pages' inline script and their policy stay as they are.
//!
//! For the page's app (`<html data-app>`) it asks at once for the app's code and for the
//! files the page's first screen reads (listed by the publisher in the page's `qq-page`
//! data, handed to the app through `window.qqEarly`), starts the app once the document is
//! parsed, starts the form's app beside it without a view when deeds wait in this phone's
//! outbox, and registers the service worker once the page has loaded. It also shows the
//! page's install offer (written hidden by [`super::shell::install_offer`]): the button
//! once the browser fires `beforeinstallprompt`, gone once the app is installed, or on
//! iOS Safari, which has no such event, the one-line hint until it is dismissed.

use std::fmt::Write;

use crate::Part;

/// One app's two files: its JavaScript glue and its WebAssembly, as built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppFiles {
    pub part: Part,
    pub js: String,
    pub wasm: String,
}

/// The loader's source for these apps.
pub fn loader(apps: &[AppFiles]) -> String {
    let mut table = String::new();
    for app in apps {
        let _ = write!(
            table,
            "{}:[{},{}],",
            app.part.name(),
            serde_json::to_string(&app.js).expect("a name serialises"),
            serde_json::to_string(&app.wasm).expect("a name serialises")
        );
    }
    LOADER.replace("/*APPS*/", table.trim_end_matches(','))
}

/// The loader, with the apps' table at `/*APPS*/`. Relative URLs resolve against the
/// page's `<base href>`, which the publisher wrote.
const LOADER: &str = r#"// The site's loader (written by `qq site`): starts the app of this page.
(() => {
  const APPS = {/*APPS*/};
  const html = document.documentElement;
  const app = html.dataset.app;
  let page = {};
  try {
    page = JSON.parse(document.getElementById("qq-page").textContent);
  } catch {}
  // The first screen's files, asked for now beside the app's code; the app takes the
  // answers (api::fetch_text) instead of asking again.
  const early = (window.qqEarly = {});
  for (const href of page.early ?? []) {
    const answer = fetch(href).then((response) =>
      response.arrayBuffer().then((body) => ({ status: response.status, bytes: new Uint8Array(body) })),
    );
    answer.catch(() => {});
    early[href] = answer;
  }
  const parsed = new Promise((resolve) => {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", resolve, { once: true });
    else resolve();
  });
  // The app's code is asked for once the page has painted: the finished page is what a
  // reader sees first, and its largest paint owes nothing to the app (nor does Lighthouse's
  // estimate of it). A hidden tab, which paints no frame, waits a moment instead.
  const painted = new Promise((resolve) => {
    requestAnimationFrame(() => setTimeout(resolve, 0));
    setTimeout(resolve, 300);
  });
  const start = async ([js, wasm]) => {
    await painted;
    const module = fetch(wasm);
    module.catch(() => {});
    const { default: init } = await import("./" + js);
    await parsed;
    await init({ module_or_path: module });
  };
  const waiting = () => {
    try {
      const count = localStorage.getItem("qq.outbox.waiting");
      return count === null ? localStorage.getItem("qq.outbox") !== null : count !== "0";
    } catch {
      return false;
    }
  };
  (async () => {
    // A page of no app (the offline page) starts none.
    if (APPS[app]) {
      try {
        await start(APPS[app]);
      } catch (error) {
        console.warn("the app could not start", error);
        html.classList.add("boot-failed");
      }
    }
    if (app !== "submit" && APPS.submit && waiting()) {
      try {
        await start(APPS.submit);
      } catch (error) {
        console.warn("waiting deeds are sent when the form is next opened", error);
      }
    }
  })();
  // The install offer. Plain script, so the feed's app carries none of it.
  const offer = document.querySelector("[data-install]");
  const installed = () =>
    navigator.standalone === true || (window.matchMedia && matchMedia("(display-mode: standalone)").matches);
  if (offer && !installed()) {
    const button = offer.querySelector("[data-install-button]");
    const hint = offer.querySelector("[data-install-hint]");
    const show = () => (offer.hidden = button.hidden && hint.hidden);
    let prompt = null;
    addEventListener("beforeinstallprompt", (event) => {
      event.preventDefault();
      prompt = event;
      button.hidden = false;
      show();
    });
    addEventListener("appinstalled", () => {
      prompt = null;
      button.hidden = hint.hidden = true;
      show();
    });
    button.addEventListener("click", () => {
      const asked = prompt;
      prompt = null;
      button.hidden = true;
      show();
      if (asked) Promise.resolve(asked.prompt()).catch(() => {});
    });
    const ua = navigator.userAgent;
    const ios = /iPhone|iPad|iPod/.test(ua) || (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1);
    const safari = /Safari\//.test(ua) && !/CriOS|FxiOS|EdgiOS|OPiOS|GSA\//.test(ua);
    let dismissed = false;
    try {
      dismissed = localStorage.getItem("qq.install.hint") === "dismissed";
    } catch {}
    if (ios && safari && !dismissed) {
      hint.hidden = false;
      show();
    }
    offer.querySelector("[data-install-dismiss]").addEventListener("click", () => {
      hint.hidden = true;
      show();
      try {
        localStorage.setItem("qq.install.hint", "dismissed");
      } catch {}
    });
  }
  // The service worker saves every public app for offline use as it installs: on a slow
  // connection that must not compete with this page's own app, so it is registered once
  // the app has taken the page over (or 15 s after the load, or at the load on a page
  // with no app).
  if ("serviceWorker" in navigator) {
    const register = () =>
      navigator.serviceWorker.register("sw.js").catch((error) => console.warn("offline use is unavailable", error));
    addEventListener("load", () => {
      if (!APPS[app] || html.hasAttribute("data-live")) return register();
      let done = false;
      const once = () => {
        if (done) return;
        done = true;
        observer.disconnect();
        register();
      };
      const observer = new MutationObserver(() => html.hasAttribute("data-live") && once());
      observer.observe(html, { attributes: true, attributeFilter: ["data-live"] });
      setTimeout(once, 15000);
    });
  }
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_loader_names_each_apps_files() {
        let js = loader(&[
            AppFiles {
                part: Part::Feed,
                js: "alfarabi-qq-0123456789abcdef.js".into(),
                wasm: "alfarabi-qq-0123456789abcdef_bg.wasm".into(),
            },
            AppFiles {
                part: Part::Read,
                js: "alfarabi-qq-read-fedcba9876543210.js".into(),
                wasm: "alfarabi-qq-read-fedcba9876543210_bg.wasm".into(),
            },
        ]);
        assert!(js.contains(r#"const APPS = {feed:["alfarabi-qq-0123456789abcdef.js","alfarabi-qq-0123456789abcdef_bg.wasm"],read:["alfarabi-qq-read-fedcba9876543210.js","alfarabi-qq-read-fedcba9876543210_bg.wasm"]};"#));
        assert!(!js.contains("/*APPS*/"));
    }
}
