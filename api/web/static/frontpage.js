// The front page: send an article to POST /v1/attributions and draw the answer.
// Plain JavaScript, no build step, no library. Article text only ever enters the page
// as text nodes (createTextNode / textContent), never as HTML.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const COLOURS = 10; // speaker colours c1..c10 in frontpage.css; c0 is "no speaker"
  const TYPES = { direct: "Direct quote", mixed: "Mixed quote", indirect: "Reported speech" };
  const RANK = { quote: 0, quoted: 1, cue: 2, mention: 3 };
  const number = new Intl.NumberFormat("en");

  const state = { answer: null, text: "", filter: null, pieces: new Map(), speakers: new Map(), maxCharacters: null };
  // A service run with API keys answers 401 without one: the page asks once, keeps the key
  // for this tab only (sessionStorage) and sends it as Authorization: Bearer.
  const KEY_STORE = "quotes-api-key";

  // ---- small helpers ------------------------------------------------------------

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function plural(count, one, many) {
    return `${number.format(count)} ${count === 1 ? one : many}`;
  }

  function codePoints(text) {
    let count = 0;
    for (const _ of text) count += 1; // eslint-disable-line no-unused-vars
    return count;
  }

  // Offsets in the answer count code points (Python str indices); JavaScript strings count
  // UTF-16 units. Returns a function from one to the other (the identity without astral characters).
  function unitOffsets(text) {
    if (!/[\uD800-\uDFFF]/.test(text)) return (offset) => offset;
    const units = [0];
    let at = 0;
    for (const character of text) {
      at += character.length;
      units.push(at);
    }
    return (offset) => units[Math.min(offset, units.length - 1)];
  }

  // A binary heap: the spans to open, first by start, then longest first, then by rank.
  class Heap {
    constructor(before) {
      this.items = [];
      this.before = before;
    }
    get size() {
      return this.items.length;
    }
    push(item) {
      const items = this.items;
      items.push(item);
      let i = items.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!this.before(items[i], items[parent])) break;
        [items[i], items[parent]] = [items[parent], items[i]];
        i = parent;
      }
    }
    pop() {
      const items = this.items;
      const top = items[0];
      const last = items.pop();
      if (items.length) {
        items[0] = last;
        let i = 0;
        for (;;) {
          const left = 2 * i + 1;
          const right = left + 1;
          let best = i;
          if (left < items.length && this.before(items[left], items[best])) best = left;
          if (right < items.length && this.before(items[right], items[best])) best = right;
          if (best === i) break;
          [items[i], items[best]] = [items[best], items[i]];
          i = best;
        }
      }
      return top;
    }
  }

  const opensFirst = (a, b) => a.start - b.start || b.end - a.end || RANK[a.kind] - RANK[b.kind];

  // ---- the article ----------------------------------------------------------------

  // Every span to mark: quotes, their quoted parts, cues and speaker mentions, in UTF-16 units.
  function spans(answer, toUnits) {
    const found = [];
    const seen = new Set();
    const add = (kind, span, data) => {
      const start = toUnits(span.start);
      const end = toUnits(span.end);
      const key = `${kind}:${start}:${end}`;
      if (end <= start || (kind !== "quote" && seen.has(key))) return;
      seen.add(key);
      found.push({ kind, start, end, ...data });
    };
    for (const quote of answer.quotes) {
      add("quote", quote.content, { quote });
      for (const part of quote.quoted) {
        if (part.start !== quote.content.start || part.end !== quote.content.end) add("quoted", part, { quote });
      }
      if (quote.cue) add("cue", quote.cue, { quote });
    }
    for (const speaker of answer.speakers) {
      for (const mention of speaker.mentions) add("mention", mention, { speaker });
    }
    for (const quote of answer.quotes) {
      const speaker = quote.speaker && state.speakers.get(quote.speaker.id);
      if (speaker) add("mention", quote.speaker.mention, { speaker: speaker.data });
    }
    return found;
  }

  function colourOf(speakerId) {
    const speaker = speakerId && state.speakers.get(speakerId);
    return speaker ? `c${((speaker.number - 1) % COLOURS) + 1}` : "c0";
  }

  function open(span) {
    if (span.kind === "quote") {
      const quote = span.quote;
      const speakerId = quote.speaker ? quote.speaker.id : "";
      const node = element("span", `q q-${quote.type} ${colourOf(speakerId)}`);
      node.dataset.q = quote.id;
      node.dataset.speaker = speakerId;
      const pieces = state.pieces.get(quote.id) || [];
      pieces.push(node);
      state.pieces.set(quote.id, pieces);
      return node;
    }
    if (span.kind === "quoted") return element("span", "qt");
    if (span.kind === "cue") {
      const node = element("span", "cue");
      node.dataset.speaker = span.quote.speaker ? span.quote.speaker.id : "";
      return node;
    }
    const node = element("span", `mention ${colourOf(span.speaker.id)}`);
    node.dataset.speaker = span.speaker.id;
    return node;
  }

  // One pass over the span boundaries, in order: spans nest as elements; a span that
  // crosses the end of the one it opened in is cut there and goes on after it.
  function draw(text, marks) {
    const fragment = document.createDocumentFragment();
    const heap = new Heap((a, b) => opensFirst(a, b) < 0);
    for (const mark of marks) heap.push(mark);
    const stack = [{ end: text.length, node: fragment }];
    let at = 0;
    const write = (node, to) => {
      if (to > at) {
        node.appendChild(document.createTextNode(text.slice(at, to)));
        at = to;
      }
    };
    while (heap.size) {
      const span = heap.pop();
      while (stack.length > 1 && stack[stack.length - 1].end <= span.start) {
        const done = stack.pop();
        write(done.node, done.end);
      }
      const parent = stack[stack.length - 1];
      write(parent.node, span.start);
      let end = span.end;
      if (end > parent.end) {
        heap.push({ ...span, start: parent.end });
        end = parent.end;
      }
      if (end <= span.start) continue;
      const node = open(span);
      parent.node.appendChild(node);
      stack.push({ end, node });
    }
    while (stack.length > 1) {
      const done = stack.pop();
      write(done.node, done.end);
    }
    write(fragment, text.length);
    return fragment;
  }

  function describe(quote) {
    const who = quote.speaker ? quote.speaker.name : "No speaker found";
    const parts = [`${TYPES[quote.type] || quote.type} by ${who}`];
    if (quote.cue) parts.push(`cue “${quote.cue.text}”`);
    parts.push(`confidence ${Math.round(quote.confidence * 100)}%`);
    return parts.join(", ");
  }

  function renderArticle(answer, text) {
    state.pieces = new Map();
    const article = $("article");
    article.replaceChildren(draw(text, spans(answer, unitOffsets(text))));
    const descriptions = document.createDocumentFragment();
    for (const quote of answer.quotes) {
      const pieces = state.pieces.get(quote.id);
      if (!pieces) continue;
      const description = element("span", "", describe(quote));
      description.id = `describe-${quote.id}`;
      descriptions.appendChild(description);
      const label = quote.speaker ? quote.speaker.name : "no speaker";
      pieces[0].tabIndex = 0;
      pieces[0].setAttribute("aria-describedby", description.id);
      pieces[pieces.length - 1].dataset.label = label;
    }
    $("descriptions").replaceChildren(descriptions);
  }

  // ---- the tooltip ----------------------------------------------------------------

  function showTip(node) {
    const quote = state.answer && state.answer.quotes.find((q) => q.id === node.dataset.q);
    if (!quote) return;
    const tip = $("tip");
    const head = element("p", "tip-head");
    const swatch = element("span", `swatch ${colourOf(quote.speaker && quote.speaker.id)}`);
    swatch.setAttribute("aria-hidden", "true");
    head.append(swatch, element("strong", "", quote.speaker ? quote.speaker.name : "No speaker found"));
    const speaker = quote.speaker && state.speakers.get(quote.speaker.id);
    if (speaker) head.append(element("span", "tip-kind", speaker.data.kind));
    const facts = element("dl", "tip-facts");
    const fact = (name, value) => facts.append(element("dt", "", name), element("dd", "", value));
    fact("Type", TYPES[quote.type] || quote.type);
    fact("Cue", quote.cue ? `${quote.cue.text} (${quote.cue.lemma})` : "none");
    if (quote.speaker) fact("Mention", quote.speaker.mention.text);
    fact("Confidence", `${Math.round(quote.confidence * 100)}%`);
    tip.replaceChildren(head, facts);
    tip.hidden = false;
    const box = node.getBoundingClientRect();
    const width = tip.offsetWidth;
    const left = Math.max(8, Math.min(box.left, document.documentElement.clientWidth - width - 8));
    const below = box.bottom + 8;
    const top = below + tip.offsetHeight > window.innerHeight && box.top > tip.offsetHeight + 16
      ? box.top - tip.offsetHeight - 8
      : below;
    tip.style.left = `${left + window.scrollX}px`;
    tip.style.top = `${top + window.scrollY}px`;
  }

  function hideTip() {
    $("tip").hidden = true;
  }

  // ---- speakers -------------------------------------------------------------------

  function renderSpeakers(answer) {
    const list = document.createDocumentFragment();
    for (const speaker of answer.speakers) {
      const entry = state.speakers.get(speaker.id);
      const item = element("li");
      const button = element("button", `speaker ${colourOf(speaker.id)}`);
      button.type = "button";
      button.dataset.speaker = speaker.id;
      button.setAttribute("aria-pressed", "false");
      const badge = element("span", "badge", String(entry.number));
      badge.setAttribute("aria-hidden", "true");
      const body = element("span", "speaker-body");
      const name = element("span", "speaker-name", speaker.name);
      const kind = element("span", "kind", speaker.kind);
      body.append(name, kind);
      if (speaker.descriptors.length) body.append(element("span", "descriptors", speaker.descriptors.join("; ")));
      const count = element("span", "speaker-count", plural(speaker.quote_ids.length, "quote", "quotes"));
      button.append(badge, body, count);
      item.append(button);
      list.append(item);
    }
    $("speakers").replaceChildren(list);
    if (!answer.speakers.length) $("speakers").append(element("li", "empty", "No speakers found."));

    const orphans = answer.quotes.filter((quote) => !quote.speaker);
    const items = document.createDocumentFragment();
    for (const quote of orphans) {
      const item = element("li");
      const button = element("button", "orphan");
      button.type = "button";
      button.dataset.q = quote.id;
      const snippet = quote.content.text.length > 110 ? `${quote.content.text.slice(0, 107)}…` : quote.content.text;
      button.append(element("span", "orphan-type", TYPES[quote.type] || quote.type), element("span", "", snippet));
      item.append(button);
      items.append(item);
    }
    $("orphans").replaceChildren(items);
    $("orphans-section").hidden = orphans.length === 0;
  }

  function setFilter(speakerId) {
    state.filter = speakerId === state.filter ? null : speakerId;
    const filter = state.filter;
    for (const node of $("article").querySelectorAll(".q, .mention, .cue")) {
      node.classList.toggle("dim", filter !== null && node.dataset.speaker !== filter);
    }
    for (const button of $("speakers").querySelectorAll("button.speaker")) {
      button.setAttribute("aria-pressed", String(button.dataset.speaker === filter));
    }
    const bar = $("filter-bar");
    bar.hidden = filter === null;
    if (filter === null) {
      $("status").textContent = "Showing every quote.";
      return;
    }
    const speaker = state.speakers.get(filter).data;
    const label = `Showing the ${plural(speaker.quote_ids.length, "quote", "quotes")} of ${speaker.name}.`;
    $("filter-label").textContent = label;
    $("status").textContent = label;
    const first = speaker.quote_ids.map((id) => state.pieces.get(id)).find(Boolean);
    if (first) first[0].scrollIntoView({ block: "center" });
  }

  // ---- talking to the service -------------------------------------------------------

  function clearError() {
    $("error").hidden = true;
  }

  function showError(title, detail, errors) {
    $("error-title").textContent = title;
    $("error-detail").textContent = detail || "";
    const list = document.createDocumentFragment();
    for (const error of errors || []) {
      const where = (error.pointer || "").replace(/^\//, "");
      list.append(element("li", "", where ? `${where}: ${error.detail}` : error.detail));
    }
    $("error-list").replaceChildren(list);
    $("error").hidden = false;
  }

  // ---- the API key ----------------------------------------------------------------

  function storedKey() {
    try {
      return sessionStorage.getItem(KEY_STORE) || "";
    } catch {
      return ""; // storage turned off: the key lives in the form's field only
    }
  }

  function storeKey(key) {
    try {
      if (key) sessionStorage.setItem(KEY_STORE, key);
      else sessionStorage.removeItem(KEY_STORE);
    } catch {
      // storage turned off: asked again after a reload
    }
  }

  function askForKey(rejected) {
    storeKey("");
    $("key-hint").textContent = rejected
      ? "The service did not accept that key. Enter another; it is kept until this tab is closed."
      : "This service needs an API key. It goes with each request to this service and is kept until this tab is closed.";
    $("key-form").hidden = false;
    $("api-key").value = "";
    $("api-key").focus();
    $("status").textContent = rejected ? "The key was not accepted." : "The service asks for an API key.";
  }

  function useKey(event) {
    event.preventDefault(); // no navigation: the page sends the request itself
    const key = $("api-key").value.trim();
    if (!key) return;
    storeKey(key);
    $("key-form").hidden = true;
    attribute();
  }

  // ---- sending the article ----------------------------------------------------------

  async function attribute() {
    const text = $("text").value;
    const button = $("attribute");
    clearError();
    hideTip();
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    $("status").textContent = `Attributing ${plural(codePoints(text), "character", "characters")}…`;
    let response;
    let body;
    const key = storedKey();
    const headers = { "Content-Type": "application/json", Accept: "application/json, application/problem+json" };
    if (key) headers.Authorization = `Bearer ${key}`;
    try {
      response = await fetch("/v1/attributions", { method: "POST", headers, body: JSON.stringify({ text }) });
      const type = response.headers.get("Content-Type") || "";
      body = type.includes("json") ? await response.json() : { detail: await response.text() };
    } catch (error) {
      showError("The service could not be reached.", String(error.message || error));
      $("status").textContent = "";
      return;
    } finally {
      button.disabled = false;
      button.removeAttribute("aria-busy");
    }
    if (response.status === 401) {
      askForKey(Boolean(key));
      return;
    }
    $("key-form").hidden = true;
    if (!response.ok) {
      // The last answer was for another text: it goes, and the error takes its place.
      $("result").hidden = true;
      state.answer = null;
      const title = `${response.status} ${body.title || response.statusText}`;
      showError(title, body.detail, body.errors);
      $("status").textContent = `The service answered ${title}.`;
      return;
    }
    show(body, text);
  }

  function show(answer, text) {
    state.answer = answer;
    state.text = text;
    state.filter = null;
    state.speakers = new Map(answer.speakers.map((speaker, index) => [speaker.id, { number: index + 1, data: speaker }]));
    renderArticle(answer, text);
    renderSpeakers(answer);
    $("filter-bar").hidden = true;
    const json = $("json");
    json.textContent = "";
    json.hidden = true;
    $("toggle-json").setAttribute("aria-expanded", "false");
    $("toggle-json").textContent = "Show the JSON answer";
    const seconds = (answer.meta.elapsed_ms / 1000).toFixed(2);
    const quotes = plural(answer.quotes.length, "quote", "quotes");
    const speakers = plural(answer.speakers.length, "speaker", "speakers");
    $("summary").textContent = `${quotes} from ${speakers} in ${plural(answer.meta.characters, "character", "characters")}`;
    $("status").textContent = `Done in ${seconds} s: ${quotes} from ${speakers}, below.`;
    $("result").hidden = false;
  }

  function toggleJson() {
    const json = $("json");
    const button = $("toggle-json");
    const opening = json.hidden;
    if (opening && !json.textContent && state.answer) json.textContent = JSON.stringify(state.answer, null, 2);
    json.hidden = !opening;
    button.setAttribute("aria-expanded", String(opening));
    button.textContent = opening ? "Hide the JSON answer" : "Show the JSON answer";
  }

  // ---- the text box ---------------------------------------------------------------

  function setText(text, source) {
    $("text").value = text;
    updateCount();
    clearError();
    $("status").textContent = `Loaded ${source}.`;
  }

  function updateCount() {
    const count = codePoints($("text").value);
    const limit = state.maxCharacters;
    const node = $("count");
    node.textContent = limit
      ? `${number.format(count)} / ${number.format(limit)} characters`
      : plural(count, "character", "characters");
    node.classList.toggle("over", limit !== null && count > limit);
  }

  async function loadFile(file) {
    if (!file) return;
    if (!(file.type === "text/plain" || /\.txt$/i.test(file.name))) {
      showError("That is not a text file.", `Open or drop a .txt file; ${file.name} is ${file.type || "of an unknown type"}.`);
      return;
    }
    setText(await file.text(), file.name);
  }

  async function loadSeed(button) {
    try {
      const response = await fetch(button.dataset.seed);
      if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
      setText(await response.text(), `example ${button.querySelector(".seed-number").textContent}`);
    } catch (error) {
      showError("The example could not be loaded.", String(error.message || error));
    }
  }

  async function loadInfo() {
    try {
      const response = await fetch("/v1/info");
      if (!response.ok) return;
      const info = await response.json();
      state.maxCharacters = info.limits.max_characters;
      updateCount();
      $("about").textContent = `Model ${info.model.name} ${info.model.version} · service ${info.service_version} · articles up to ${number.format(state.maxCharacters)} characters. The article goes to POST /v1/attributions on this service and nowhere else.`;
    } catch {
      // The page works without it: the service enforces its limits anyway.
    }
  }

  // ---- wiring ---------------------------------------------------------------------

  function wire() {
    const text = $("text");
    text.addEventListener("input", updateCount);
    text.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) attribute();
    });
    text.addEventListener("dragover", (event) => {
      if (event.dataTransfer && [...event.dataTransfer.types].includes("Files")) {
        event.preventDefault();
        text.classList.add("dragging");
      }
    });
    text.addEventListener("dragleave", () => text.classList.remove("dragging"));
    text.addEventListener("drop", (event) => {
      text.classList.remove("dragging");
      if (event.dataTransfer && event.dataTransfer.files.length) {
        event.preventDefault();
        loadFile(event.dataTransfer.files[0]);
      }
    });
    $("open-file").addEventListener("click", () => $("file").click());
    $("file").addEventListener("change", (event) => {
      loadFile(event.target.files[0]);
      event.target.value = "";
    });
    for (const button of document.querySelectorAll("button.seed")) {
      button.addEventListener("click", () => loadSeed(button));
    }
    $("attribute").addEventListener("click", attribute);
    $("key-form").addEventListener("submit", useKey);
    $("toggle-json").addEventListener("click", toggleJson);
    $("clear-filter").addEventListener("click", () => setFilter(null));
    $("speakers").addEventListener("click", (event) => {
      const button = event.target.closest("button.speaker");
      if (button) setFilter(button.dataset.speaker);
    });
    $("orphans").addEventListener("click", (event) => {
      const button = event.target.closest("button.orphan");
      const pieces = button && state.pieces.get(button.dataset.q);
      if (pieces) {
        pieces[0].scrollIntoView({ block: "center" });
        pieces[0].focus({ preventScroll: true });
      }
    });
    const article = $("article");
    const quoteAt = (event) => event.target.closest && event.target.closest(".q");
    article.addEventListener("mouseover", (event) => {
      const node = quoteAt(event);
      if (node) showTip(node);
    });
    article.addEventListener("mouseout", (event) => {
      if (quoteAt(event) && !(event.relatedTarget && article.contains(event.relatedTarget) && event.relatedTarget.closest(".q"))) hideTip();
    });
    article.addEventListener("focusin", (event) => {
      const node = quoteAt(event);
      if (node) showTip(node);
    });
    article.addEventListener("focusout", hideTip);
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape") hideTip();
    });
    window.addEventListener("resize", hideTip);
    updateCount();
    loadInfo();
  }

  // For the browser test and the console: draw an answer without calling the service.
  window.quotesPage = { show, draw };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", wire);
  else wire();
})();
