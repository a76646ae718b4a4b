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
    this.loadVocabularies().then(this.search.bind(this, false));
    this.loadListTitle();
  }

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
      self.loadVocabularies().then(self.search.bind(self, false));
      self.loadListTitle();
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
    return fetch(url, { credentials: "omit", headers: headers, referrerPolicy: "no-referrer" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
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
    }, function () { self.fail(); });
  };

  Directory.prototype.loadListTitle = function () {
    var self = this;
    if (!this.list) return;
    this.get(this.api("/api/@lists/" + this.list, [["b_size", "1"]])).then(function (answer) {
      self.listTitle.textContent = answer.title;
      self.listTitle.setAttribute("lang", answer.language || self.language);
      self.listTitle.hidden = false;
    }, function () { self.fail(); });
  };

  Directory.prototype.searchUrl = function (start) {
    var params = [["b_size", String(PAGE)], ["b_start", String(start)]];
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
    return this.get(this.searchUrl(start)).then(function (answer) {
      if (ticket !== self.ticket) return;
      if (!more) self.results.textContent = "";
      answer.items.forEach(function (item) { self.results.appendChild(self.summary(item)); });
      var total = answer.items_total;
      self.status.textContent = total === 0 ? self.t("noResults")
        : total === 1 ? self.t("oneResult") : self.t("results").replace("{count}", total);
      self.more.hidden = self.results.children.length >= total;
    }, function () { self.fail(); });
  };

  Directory.prototype.fail = function () {
    this.status.textContent = this.t("error");
  };

  Directory.prototype.summary = function (item) {
    var self = this;
    var open = element("button", { type: "button", class: "link", text: item.title });
    open.addEventListener("click", function () { self.open(item["@id"], open); });
    var place = [item.city, item.state && item.state.title].filter(Boolean).join(", ");
    if (item.coverage === "statewide") place += " · " + this.t("statewide");
    if (item.coverage === "national") place += " · " + this.t("national");
    var phones = (item.phones || []).map(function (phone) { return phone.display; }).join(" · ");
    return element("li", {}, [
      element("h3", {}, [open]),
      item.description ? element("p", { text: item.description }) : null,
      place ? element("p", { text: place }) : null,
      phones ? element("p", { text: this.t("phones") + ": " + phones }) : null,
      item.languages && item.languages.length
        ? element("p", { text: this.t("languages") + ": " + titles(item.languages) }) : null
    ]);
  };

  Directory.prototype.showList = function () {
    this.detail.hidden = true;
    this.form.hidden = false;
    this.results.hidden = false;
  };

  Directory.prototype.open = function (url, opener) {
    var self = this;
    this.status.textContent = this.t("loading");
    var address = new URL(url);
    address.searchParams.set("language", this.language);
    this.get(address.toString()).then(function (listing) {
      self.status.textContent = "";
      self.renderDetail(listing, opener);
    }, function () { self.fail(); });
  };

  Directory.prototype.renderDetail = function (listing, opener) {
    var self = this;
    var rows = [];
    function row(label, value) {
      if (value) rows.push(element("dt", { text: self.t(label) }), element("dd", {}, [value]));
    }
    function text(value) { return value ? document.createTextNode(value) : null; }
    var phones = element("span");
    (listing.phones || []).forEach(function (phone, index) {
      if (index) phones.appendChild(document.createTextNode(" · "));
      phones.appendChild(element("a", { href: "tel:" + phone.number, text: phone.display }));
      if (phone.type && phone.type.title) phones.appendChild(document.createTextNode(" (" + phone.type.title + ")"));
    });
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
    row("lastVerified", text(listing.last_verified));
    var back = element("button", { type: "button", class: "secondary", text: this.t("back") });
    back.addEventListener("click", function () {
      self.showList();
      self.more.hidden = self.results.children.length === 0 || self.moreWasHidden;
      if (opener) opener.focus();
    });
    var heading = element("h2", { tabindex: "-1", text: listing.title });
    this.detail.textContent = "";
    this.detail.setAttribute("lang", listing.language || this.language);
    [back, heading, listing.description ? element("p", { text: listing.description }) : null,
     element("dl", {}, rows)].forEach(function (node) { if (node) self.detail.appendChild(node); });
    this.moreWasHidden = this.more.hidden;
    this.form.hidden = true;
    this.results.hidden = true;
    this.more.hidden = true;
    this.detail.hidden = false;
    heading.focus();
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
