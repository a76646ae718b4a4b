/* Amparo's embeddable directory. A partner pastes
 *
 *   <script src="https://amparo.example/embed.js" data-kind="attorneys" data-state="NJ"
 *           data-language="es"></script>
 *
 * and gets a search form, filters, results and a detail view from the read API, in the chosen
 * language. It loads nothing from anyone else, sends no cookies (credentials: "omit") and keeps
 * nothing in the browser. It draws inside a shadow root so the host page's styles do not leak
 * in; the host sets the look through custom properties on the script's container:
 * --amparo-accent, --amparo-text, --amparo-background, --amparo-border, --amparo-font.
 * Options (data- attributes): kind (attorneys, consulates, worker-centers, funding-sources),
 * state, language, topics, languages (ISO 639-3), list (organization/list: only the listings of
 * that trusted list's current edition, under the list's title), key (a public-tier API key),
 * target (the id of an element to draw into instead of after the script).
 * AMPARO_EMBED_STRINGS (labels per language, from the site's catalogs) is put in front of this
 * file by embed/views.py. */
(function () {
  "use strict";
  var STRINGS = typeof AMPARO_EMBED_STRINGS === "object" ? AMPARO_EMBED_STRINGS : {};
  var KINDS = {
    attorneys: "Attorney",
    consulates: "Consulate",
    "worker-centers": "WorkerCenter",
    "funding-sources": "FundingSource"
  };
  var PAGE = 10;
  var LIST_MAX = 100;
  var CSS = [
    ":host { display: block; }",
    ".amparo { --accent: var(--amparo-accent, #1d4f91); --text: var(--amparo-text, #1b1b1b);",
    "  --background: var(--amparo-background, #ffffff); --border: var(--amparo-border, #8a8a8a);",
    "  font-family: var(--amparo-font, system-ui, sans-serif); color: var(--text);",
    "  background: var(--background); line-height: 1.45; font-size: 1rem; }",
    ".amparo form { display: grid; gap: 0.5rem 1rem;",
    "  grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr)); align-items: end; }",
    ".amparo label { display: block; font-weight: 600; margin-bottom: 0.2rem; }",
    ".amparo input, .amparo select { width: 100%; box-sizing: border-box; font: inherit;",
    "  padding: 0.4rem; border: 1px solid var(--border); border-radius: 4px;",
    "  color: var(--text); background: var(--background); }",
    ".amparo button { font: inherit; padding: 0.45rem 0.9rem; border-radius: 4px;",
    "  border: 2px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; }",
    ".amparo button.link { background: none; color: var(--accent); border: 0; padding: 0;",
    "  text-decoration: underline; text-align: start; font-weight: 700; }",
    ".amparo button.secondary { background: var(--background); color: var(--accent); }",
    ".amparo :focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }",
    ".amparo ul.results { list-style: none; padding: 0; margin: 0.75rem 0; }",
    ".amparo ul.results > li { border-top: 1px solid var(--border); padding: 0.6rem 0; }",
    ".amparo h2, .amparo h3 { margin: 0 0 0.25rem; line-height: 1.25; }",
    ".amparo h3 { font-size: 1.05rem; }",
    ".amparo p { margin: 0.15rem 0; }",
    ".amparo dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.3rem 1rem; }",
    ".amparo dt { font-weight: 600; }",
    ".amparo dd { margin: 0; white-space: pre-line; }",
    ".amparo a { color: var(--accent); }",
    ".amparo [hidden] { display: none !important; }",
    ".amparo .note { font-style: italic; }",
    ".amparo textarea { width: 100%; box-sizing: border-box; font: inherit; min-height: 6rem;",
    "  padding: 0.4rem; border: 1px solid var(--border); border-radius: 4px; }",
    ".amparo .suggest { margin-top: 0.75rem; }",
    ".amparo .suggest form { display: block; }",
    ".amparo .suggest button + button { margin-inline-start: 0.5rem; }",
    "@media (max-width: 30rem) { .amparo dl { grid-template-columns: 1fr; } }"
  ].join("\n");

  function element(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      if (name === "text") node.textContent = attributes[name];
      else if (attributes[name] !== null && attributes[name] !== undefined)
        node.setAttribute(name, attributes[name]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  // A date (YYYY-MM-DD) as the reader's language writes it: "29 de noviembre de 2026".
  function longDate(value, language) {
    var match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value || "");
    if (!match) return value || "";
    var day = new Date(Date.UTC(+match[1], match[2] - 1, +match[3]));
    try {
      return new Intl.DateTimeFormat(language, { year: "numeric", month: "long", day: "numeric",
        timeZone: "UTC" }).format(day);
    } catch (error) { return match[0]; }
  }

  // Phones as links to dial, each as the directory writes it (the area code always, the
  // country code abroad), with its type.
  function phoneLinks(phones, withType) {
    var span = element("span");
    (phones || []).forEach(function (phone, index) {
      if (index) span.appendChild(document.createTextNode(" · "));
      span.appendChild(element("a", { href: "tel:" + phone.number, dir: "ltr", text: phone.display }));
      if (withType && phone.type && phone.type.title)
        span.appendChild(document.createTextNode(" (" + phone.type.title + ")"));
    });
    return span;
  }

  function titles(terms) {
    return (terms || []).map(function (term) { return term.title; }).join(", ");
  }

  function Directory(script) {
    var data = script.dataset;
    this.base = new URL(script.src, document.baseURI).origin;
    this.kind = KINDS[data.kind] ? data.kind : null;
    this.state = data.state || "";
    this.list = /^[-A-Za-z0-9_]+\/[-A-Za-z0-9_]+$/.test(data.list || "") ? data.list : "";
    this.fixedTopics = (data.topics || "").split(",").filter(Boolean);
    this.fixedLanguages = (data.languages || "").split(",").filter(Boolean);
    this.key = data.key || "";
    this.nonce = script.nonce || "";
    this.language = STRINGS[data.language] ? data.language : (STRINGS.en ? "en" : Object.keys(STRINGS)[0]);
    this.next = null;
    var host = (data.target && document.getElementById(data.target)) || element("div");
    if (!host.parentNode) script.parentNode.insertBefore(host, script.nextSibling);
    host.classList.add("amparo-embed");
    this.root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
    this.build();
    this.reload();
  }

  // Vocabularies and (with data-list) the list's entries in the reader's language, then the
  // first search.
  Directory.prototype.reload = function () {
    Promise.all([this.loadVocabularies(), this.loadList()]).then(this.search.bind(this, false));
  };

  Directory.prototype.t = function (name) {
    var labels = (STRINGS[this.language] || {}).labels || {};
    return labels[name] || ((STRINGS.en || {}).labels || {})[name] || name;
  };

  // A constructed stylesheet, where the browser has them: a Content-Security-Policy without
  // 'unsafe-inline' styles (ours, or a partner's) allows it, while it refuses a <style> element
  // without the page's nonce. Elsewhere a <style>, with the nonce of this script's tag if any.
  Directory.prototype.addStyles = function () {
    if (this.root.adoptedStyleSheets && typeof CSSStyleSheet === "function") {
      try {
        var sheet = new CSSStyleSheet();
        sheet.replaceSync(CSS);
        this.root.adoptedStyleSheets = this.root.adoptedStyleSheets.concat([sheet]);
        return;
      } catch (error) { /* an older browser: a <style> below */ }
    }
    var style = element("style", { text: CSS });
    if (this.nonce) style.nonce = this.nonce;
    this.root.appendChild(style);
  };

  Directory.prototype.build = function () {
    var self = this;
    this.addStyles();
    this.section = element("section", { class: "amparo" });
    this.listTitle = element("h2", { class: "list-title", hidden: "" });
    this.form = element("form", { role: "search" });
    this.query = element("input", { id: "amparo-q", type: "search", name: "q", maxlength: "200" });
    this.languageSelect = element("select", { id: "amparo-language" });
    Object.keys(STRINGS).forEach(function (code) {
      self.languageSelect.appendChild(element("option", { value: code, lang: code, text: STRINGS[code].name }));
    });
    this.spoken = element("select", { id: "amparo-spoken" });
    this.topic = element("select", { id: "amparo-topic" });
    this.submit = element("button", { type: "submit" });
    this.labels = {};
    [["searchLabel", this.query], ["language", this.languageSelect],
     ["spoken", this.spoken], ["topic", this.topic]].forEach(function (pair) {
      var label = element("label", { for: pair[1].id });
      self.labels[pair[0]] = label;
      self.form.appendChild(element("div", {}, [label, pair[1]]));
    });
    this.form.appendChild(element("div", {}, [this.submit]));
    this.status = element("p", { role: "status", "aria-live": "polite" });
    this.results = element("ul", { class: "results" });
    this.more = element("button", { type: "button", class: "secondary", hidden: "" });
    this.detail = element("article", { hidden: "" });
    [this.listTitle, this.form, this.status, this.results, this.more, this.detail].forEach(function (node) {
      self.section.appendChild(node);
    });
    this.root.appendChild(this.section);
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
      self.search(false);
    });
    this.more.addEventListener("click", function () { self.search(true); });
    this.languageSelect.addEventListener("change", function () {
      self.language = self.languageSelect.value;
      self.reload();
    });
    this.relabel();
  };

  Directory.prototype.relabel = function () {
    var strings = STRINGS[this.language] || {};
    this.section.setAttribute("lang", this.language);
    this.section.setAttribute("dir", strings.rtl ? "rtl" : "ltr");
    this.section.setAttribute("aria-label", this.t("region"));
    this.languageSelect.value = this.language;
    this.labels.searchLabel.textContent = this.t("searchLabel");
    this.labels.language.textContent = this.t("language");
    this.labels.spoken.textContent = this.t("spoken");
    this.labels.topic.textContent = this.t("topic");
    this.submit.textContent = this.t("search");
    this.more.textContent = this.t("more");
  };

  Directory.prototype.get = function (url) {
    var headers = { Accept: "application/json" };
    if (this.key) headers.Authorization = "Api-Key " + this.key;
    return this.request(url, { headers: headers });
  };

  // Every request: no cookies, no referrer. An answer the browser hides (a network error, or
  // CORS refusing this page's origin) rejects with a TypeError; an HTTP error with an Error.
  Directory.prototype.request = function (url, options) {
    options.credentials = "omit";
    options.referrerPolicy = "no-referrer";
    return fetch(url, options).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.status === 204 ? null : response.json();
    });
  };

  Directory.prototype.api = function (path, params) {
    var url = new URL(path, this.base);
    params.push(["language", this.language]);
    params.forEach(function (pair) { url.searchParams.append(pair[0], pair[1]); });
    return url.toString();
  };

  Directory.prototype.fill = function (select, items, chosen) {
    var any = this.t("any");
    select.textContent = "";
    select.appendChild(element("option", { value: "", text: any }));
    items.forEach(function (term) {
      select.appendChild(element("option", { value: term.token, text: term.title }));
    });
    select.value = chosen && items.some(function (t) { return t.token === chosen; }) ? chosen : "";
  };

  Directory.prototype.loadVocabularies = function () {
    var self = this;
    this.relabel();
    return Promise.all([
      this.get(this.api("/api/@vocabularies/languages", [["b_size", "100"]])),
      this.get(this.api("/api/@vocabularies/topics", [["b_size", "100"]]))
    ]).then(function (answers) {
      // The reader's choice as it stands now (it may have changed while the titles loaded);
      // the page's data- defaults the first time.
      var first = !self.loaded;
      self.fill(self.spoken, answers[0].items, first ? self.fixedLanguages[0] : self.spoken.value);
      self.fill(self.topic, answers[1].items, first ? self.fixedTopics[0] : self.topic.value);
      self.loaded = true;
    }, function (error) { self.fail(error); });
  };

  // A trusted list's title and entries, in the list's order with the curators' notes (up to
  // LIST_MAX entries: lists are short; a longer one pages in the search's order instead).
  Directory.prototype.loadList = function () {
    var self = this;
    if (!this.list) return Promise.resolve();
    var url = this.api("/api/@lists/" + this.list, [["b_size", String(LIST_MAX)]]);
    return this.get(url).then(function (answer) {
      self.listTitle.textContent = answer.title;
      self.listTitle.setAttribute("lang", answer.language || self.language);
      self.listTitle.hidden = false;
      self.entries = answer.items_total <= LIST_MAX ? answer.items : null;
    }, function (error) { self.fail(error); });
  };

  Directory.prototype.searchUrl = function (start, size) {
    var params = [["b_size", String(size || PAGE)], ["b_start", String(start)]];
    var text = this.query.value.trim();
    if (text) params.push(["SearchableText", text]);
    if (this.state) params.push(["state", this.state]);
    if (this.spoken.value) params.push(["languages", this.spoken.value]);
    if (this.topic.value) params.push(["topics", this.topic.value]);
    if (this.list) params.push(["list", this.list]);
    if (this.kind) return this.api("/api/directory/" + this.kind + "/", params);
    Object.keys(KINDS).forEach(function (kind) { params.push(["portal_type", KINDS[kind]]); });
    return this.api("/api/@search", params);
  };

  Directory.prototype.search = function (more) {
    var self = this;
    var start = more ? this.results.children.length : 0;
    var ticket = this.ticket = (this.ticket || 0) + 1;  // only the latest search may answer
    this.showList();
    this.status.textContent = this.t("loading");
    if (this.entries) return this.searchList(ticket);
    return this.get(this.searchUrl(start)).then(function (answer) {
      if (ticket !== self.ticket) return;
      if (!more) self.results.textContent = "";
      answer.items.forEach(function (item) { self.results.appendChild(self.summary(item)); });
      self.count(answer.items_total);
    }, function (error) { self.fail(error); });
  };

  Directory.prototype.count = function (total) {
    this.status.textContent = total === 0 ? this.t("noResults")
      : total === 1 ? this.t("oneResult") : this.t("results").replace("{count}", total);
    this.more.hidden = this.results.children.length >= total;
  };

  Directory.prototype.filtered = function () {
    return Boolean(this.query.value.trim() || this.state || this.kind || this.spoken.value ||
      this.topic.value);
  };

  // A list's entries in its order, with their notes; a search or filter keeps those of its
  // matches (the search runs within the list, @search?list=...).
  Directory.prototype.searchList = function (ticket) {
    var self = this;
    var found = this.filtered()
      ? this.get(this.searchUrl(0, LIST_MAX)).then(function (answer) {
        return answer.items.map(function (item) { return item.UID; });
      })
      : Promise.resolve(null);
    return found.then(function (uids) {
      if (ticket !== self.ticket) return;
      var shown = self.entries.filter(function (item) { return !uids || uids.indexOf(item.UID) >= 0; });
      self.results.textContent = "";
      shown.forEach(function (item) { self.results.appendChild(self.summary(item)); });
      self.count(shown.length);
    }, function (error) { self.fail(error); });
  };

  // What went wrong, said plainly. When the browser hid the answer, ask the server (an answer
  // every origin may read) whether this page's origin is registered: if not, say so here and
  // in the console, with what to do.
  Directory.prototype.fail = function (error) {
    var self = this;
    if (this.unregistered) return this.sayUnregistered();
    this.status.textContent = this.t("error");
    if (!(error instanceof TypeError) || this.checkedOrigin) return;
    this.checkedOrigin = true;
    this.request(this.base + "/embed/origin", {}).then(function (answer) {
      if (!answer || answer.registered) return;
      var origin = answer.origin || window.location.origin;
      self.unregistered = origin;
      self.sayUnregistered();
      if (window.console) console.error(
        "Amparo embed: this page's origin, " + origin + ", is not an allowed origin of any " +
        "active partner key, so " + self.base + " does not let it read the directory (CORS). " +
        "To register it: sign in to " + self.base + "/admin/ , open Partners > API keys, " +
        "choose (or add) the site's key, add " + origin + " under 'Allowed origins' (one a " +
        "line, scheme://host[:port]) and save. It works at once; no key is needed in the page.");
    }, function () { /* the server itself is out of reach: the message above stands */ });
  };

  Directory.prototype.summary = function (item) {
    var self = this;
    var open = element("button", { type: "button", class: "link", text: item.title });
    open.addEventListener("click", function () { self.open(item["@id"], open, item.note); });
    var place = [item.city, item.state && item.state.title].filter(Boolean).join(", ");
    if (item.coverage === "statewide") place += " · " + this.t("statewide");
    if (item.coverage === "national") place += " · " + this.t("national");
    var phones = item.phones && item.phones.length
      ? element("p", {}, [document.createTextNode(this.t("phones") + ": "), phoneLinks(item.phones)])
      : null;
    return element("li", {}, [
      element("h3", {}, [open]),
      item.note ? element("p", { class: "note", text: this.t("note") + ": " + item.note }) : null,
      item.description ? element("p", { text: item.description }) : null,
      place ? element("p", { text: place }) : null,
      phones,
      item.languages && item.languages.length
        ? element("p", { text: this.t("languages") + ": " + titles(item.languages) }) : null
    ]);
  };

  Directory.prototype.showList = function () {
    this.detail.hidden = true;
    this.form.hidden = false;
    this.results.hidden = false;
  };

  Directory.prototype.open = function (url, opener, note) {
    var self = this;
    this.status.textContent = this.t("loading");
    var address = new URL(url);
    address.searchParams.set("language", this.language);
    this.get(address.toString()).then(function (listing) {
      self.status.textContent = "";
      self.renderDetail(listing, opener, note);
    }, function (error) { self.fail(error); });
  };

  Directory.prototype.renderDetail = function (listing, opener, note) {
    var self = this;
    var rows = [];
    function row(label, value) {
      if (value) rows.push(element("dt", { text: self.t(label) }), element("dd", {}, [value]));
    }
    function text(value) { return value ? document.createTextNode(value) : null; }
    var phones = phoneLinks(listing.phones, true);
    var address = listing.address || {};
    var lines = [address.street_address, [address.city, address.state && address.state.token,
      address.postal_code].filter(Boolean).join(" ")].filter(Boolean).join("\n");
    row("phones", listing.phones && listing.phones.length ? phones : null);
    row("address", text(lines));
    row("hours", text(listing.hours));
    row("fees", text([listing.fee_model && listing.fee_model.title, listing.fees].filter(Boolean).join(": ")));
    row("languages", text(titles(listing.languages)));
    row("topics", text(titles(listing.topics)));
    row("howToGetHelp", text(listing.how_to_get_help));
    if (listing.website && /^https?:\/\//.test(listing.website))
      row("website", element("a", { href: listing.website, rel: "noopener noreferrer", target: "_blank", text: listing.website }));
    row("lastVerified", listing.last_verified ? element("time", {
      datetime: listing.last_verified, text: longDate(listing.last_verified, this.language) }) : null);
    var back = element("button", { type: "button", class: "secondary", text: this.t("back") });
    back.addEventListener("click", function () {
      self.showList();
      self.more.hidden = self.results.children.length === 0 || self.moreWasHidden;
      if (opener) opener.focus();
    });
    var heading = element("h2", { tabindex: "-1", text: listing.title });
    this.detail.textContent = "";
    this.detail.setAttribute("lang", listing.language || this.language);
    [back, heading, note ? element("p", { class: "note", text: this.t("note") + ": " + note }) : null,
     listing.description ? element("p", { text: listing.description }) : null,
     element("dl", {}, rows), this.suggestion(listing)
    ].forEach(function (node) { if (node) self.detail.appendChild(node); });
    this.moreWasHidden = this.more.hidden;
    this.form.hidden = true;
    this.results.hidden = true;
    this.more.hidden = true;
    this.detail.hidden = false;
    heading.focus();
  };

  Directory.prototype.sayUnregistered = function () {
    this.status.textContent = this.t("unregistered").replace(/\{origin\}/g, this.unregistered);
  };

  // "Suggest a correction": a message to the directory's editors (POST /api/@suggestions), with
  // nothing about the sender: no name, no contact, nothing kept in the browser.
  Directory.prototype.suggestion = function (listing) {
    var self = this;
    var box = element("div", { class: "suggest" });
    var toggle = element("button", { type: "button", class: "link", "aria-expanded": "false",
      text: this.t("suggest") });
    var id = "amparo-suggest-" + listing.UID;
    var message = element("textarea", { id: id, name: "message", maxlength: "2000", required: "" });
    var send = element("button", { type: "submit", text: this.t("send") });
    var cancel = element("button", { type: "button", class: "secondary", text: this.t("cancel") });
    var said = element("p", { role: "status" });
    var form = element("form", { hidden: "" }, [
      element("label", { for: id, text: this.t("suggestHelp") }), message,
      element("p", {}, [send, cancel])
    ]);
    function show(open) {
      form.hidden = !open;
      toggle.setAttribute("aria-expanded", String(open));
      if (open) message.focus(); else toggle.focus();
    }
    toggle.addEventListener("click", function () { said.textContent = ""; show(form.hidden); });
    cancel.addEventListener("click", function () { show(false); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!message.value.trim()) return;
      send.disabled = true;
      self.request(self.base + "/api/@suggestions", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ uid: listing.UID, message: message.value.trim() })
      }).then(function () {
        message.value = "";
        form.hidden = true;
        toggle.setAttribute("aria-expanded", "false");
        said.textContent = self.t("thanks");
      }, function () { said.textContent = self.t("sendFailed"); })
        .then(function () { send.disabled = false; });
    });
    [toggle, form, said].forEach(function (node) { box.appendChild(node); });
    return box;
  };

  var script = document.currentScript;
  if (script) {
    if (document.readyState === "loading" && script.dataset.target) {
      document.addEventListener("DOMContentLoaded", function () { new Directory(script); });
    } else {
      new Directory(script);
    }
  }
})();
