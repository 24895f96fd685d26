// The moderators' page's script (moderate.html).
(function () {
  "use strict";
  var T = {
    kk: { title: "Модерация", token: "Модератор токені", unlock: "Кіру", queue: "Тексерілетін істер", refresh: "Жаңарту", logout: "Шығу",
      approve: "Жариялау", reject: "Қабылдамау", reason: "Себебі", empty: "Кезек бос.", denied: "Токен жарамсыз.", failed: "Орындалмады: ",
      done: "Дайын.", add_university: "Университет қосу", add: "Қосу", unpublish: "Жарияланымды алу", deed_number: "Іс нөмірі",
      unpublish_button: "Алып тастау", unlisted: "тізімде жоқ", map_to: "Тізімдегі id (үтір арқылы: университет; эстафета)", received: "Түсті" },
    ru: { title: "Модерация", token: "Токен модератора", unlock: "Войти", queue: "Поступки на проверке", refresh: "Обновить", logout: "Выйти",
      approve: "Опубликовать", reject: "Отклонить", reason: "Причина", empty: "Очередь пуста.", denied: "Токен не подходит.", failed: "Не удалось: ",
      done: "Готово.", add_university: "Добавить университет", add: "Добавить", unpublish: "Снять с публикации", deed_number: "Номер поступка",
      unpublish_button: "Снять", unlisted: "нет в списке", map_to: "id из списка (университет; эстафета через запятую)", received: "Получено" },
    en: { title: "Moderation", token: "Moderator token", unlock: "Unlock", queue: "Deeds awaiting moderation", refresh: "Refresh", logout: "Log out",
      approve: "Publish", reject: "Reject", reason: "Reason", empty: "The queue is empty.", denied: "That token is not valid.", failed: "Failed: ",
      done: "Done.", add_university: "Add a university", add: "Add", unpublish: "Unpublish a deed", deed_number: "Deed number",
      unpublish_button: "Unpublish", unlisted: "not listed", map_to: "Listed ids (university; batons, comma-separated)", received: "Received" }
  };
  // The reader's choice on the site, else the browser's languages, else Kazakh.
  var lang = localStorage.getItem("qq.locale");
  if (!T[lang]) {
    lang = (navigator.languages || []).map(function (l) { return l.slice(0, 2); }).filter(function (l) { return T[l]; })[0] || "kk";
  }
  function t(key) { return T[lang][key]; }
  function translate() {
    document.documentElement.lang = lang;
    document.querySelectorAll("[data-t]").forEach(function (el) { el.textContent = t(el.dataset.t); });
  }
  document.querySelectorAll("[data-lang]").forEach(function (b) {
    b.addEventListener("click", function () { lang = b.dataset.lang; localStorage.setItem("qq.locale", lang); translate(); load(); });
  });
  var api = "api/v1/";
  var status = document.getElementById("status");
  function say(text, ok) { status.textContent = text; status.className = ok ? "ok" : "error"; }
  function token() { return sessionStorage.getItem("qq.moderator") || ""; }
  function call(method, path, body) {
    return fetch(api + path, {
      method: method,
      headers: Object.assign({ Authorization: "Bearer " + token() }, body ? { "Content-Type": "application/json" } : {}),
      body: body ? JSON.stringify(body) : undefined
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (json) {
        if (r.status === 401) { sessionStorage.removeItem("qq.moderator"); show(); throw new Error(t("denied")); }
        if (!r.ok) throw new Error(json.message || (json.errors ? JSON.stringify(json.errors) : r.status));
        return json;
      });
    });
  }
  function el(tag, text, cls) { var e = document.createElement(tag); if (text != null) e.textContent = text; if (cls) e.className = cls; return e; }
  function place(choice) { return choice.id ? choice.id : choice.name + ", " + choice.city + " (" + t("unlisted") + ")"; }
  function card(item) {
    var s = item.submission;
    var c = el("article", null, "card");
    c.dataset.id = item.id;
    c.appendChild(el("h3", s.title));
    c.appendChild(el("p", place(s.university) + " · " + s.virtue + " · " + s.done_on + " · " + s.lang, "meta"));
    c.appendChild(el("p", s.story));
    if (s.link) { var a = el("a", s.link); a.href = s.link; a.rel = "noopener noreferrer"; a.target = "_blank"; c.appendChild(a); }
    if (s.author) c.appendChild(el("p", s.author, "meta"));
    if (s.passes_to && s.passes_to.length) c.appendChild(el("p", "→ " + s.passes_to.map(place).join("; "), "meta"));
    c.appendChild(el("p", t("received") + ": " + item.received_at, "meta"));
    var unlisted = !s.university.id || (s.passes_to || []).some(function (p) { return !p.id; });
    var row = el("div", null, "row");
    var mapping = el("input"); mapping.setAttribute("aria-label", t("map_to")); mapping.placeholder = t("map_to"); mapping.hidden = !unlisted;
    var approve = el("button", t("approve"), "primary"); approve.type = "button";
    approve.addEventListener("click", function () {
      var body;
      if (mapping.value.trim()) {
        var parts = mapping.value.split(";");
        body = { university: parts[0].trim() };
        if (parts[1]) body.passes_to = parts[1].split(",").map(function (x) { return x.trim(); }).filter(Boolean);
      }
      call("POST", "moderation/" + item.id + "/approve", body).then(function () { say(t("done"), true); load(); }, function (e) { say(t("failed") + e.message); });
    });
    var reason = el("input"); reason.setAttribute("aria-label", t("reason")); reason.placeholder = t("reason");
    var reject = el("button", t("reject")); reject.type = "button";
    reject.addEventListener("click", function () {
      call("POST", "moderation/" + item.id + "/reject", { reason: reason.value.trim() }).then(function () { say(t("done"), true); load(); }, function (e) { say(t("failed") + e.message); });
    });
    [mapping, approve, reason, reject].forEach(function (x) { row.appendChild(x); });
    c.appendChild(row);
    return c;
  }
  function load() {
    if (!token()) return;
    call("GET", "moderation/queue?limit=100").then(function (json) {
      var box = document.getElementById("queue");
      box.textContent = "";
      if (!json.submissions.length) box.appendChild(el("p", t("empty")));
      json.submissions.forEach(function (item) { box.appendChild(card(item)); });
    }, function (e) { say(e.message); });
  }
  function show() {
    var unlocked = !!token();
    document.getElementById("login").hidden = unlocked;
    document.getElementById("work").hidden = !unlocked;
  }
  document.getElementById("login").addEventListener("submit", function (e) {
    e.preventDefault();
    sessionStorage.setItem("qq.moderator", document.getElementById("token").value.trim());
    document.getElementById("token").value = "";
    show(); load();
  });
  document.getElementById("logout").addEventListener("click", function () { sessionStorage.removeItem("qq.moderator"); show(); });
  document.getElementById("refresh").addEventListener("click", load);
  document.getElementById("add").addEventListener("submit", function (e) {
    e.preventDefault();
    var f = new FormData(e.target);
    var names = function (p) { return { kk: f.get(p + "_kk"), ru: f.get(p + "_ru"), en: f.get(p + "_en") }; };
    var body = { id: f.get("id"), name: names("name"), city: names("city"), country: String(f.get("country")).toUpperCase(), lat: Number(f.get("lat")), lon: Number(f.get("lon")) };
    if (f.get("short_kk") || f.get("short_ru") || f.get("short_en")) body.short = names("short");
    call("POST", "moderation/universities", body).then(function () { say(t("done"), true); e.target.reset(); }, function (err) { say(t("failed") + err.message); });
  });
  document.getElementById("unpublish").addEventListener("submit", function (e) {
    e.preventDefault();
    var f = new FormData(e.target);
    call("POST", "moderation/deeds/" + f.get("n") + "/unpublish", f.get("reason") ? { reason: f.get("reason") } : undefined)
      .then(function () { say(t("done"), true); e.target.reset(); }, function (err) { say(t("failed") + err.message); });
  });
  // An inbox on another host, named by config.json, takes the calls instead.
  fetch("config.json").then(function (r) { return r.json(); }).then(function (c) {
    if (c.inbox && c.inbox.trim()) api = c.inbox.trim().replace(/\/$/, "") + "/api/v1/";
  }).catch(function () {}).then(function () { translate(); show(); load(); });
})();
