/* Confab search: runs in the browser from file:// or any host, no server, no fetch.
   The build writes the index as scripts (search/meta.js, files of term shards
   search/t-*.js, document chunks search/d-*.js) that call the functions below; a query loads
   only the shards of its words and the chunks of its best results. */
"use strict";
var Confab = (function () {
  var meta = null, person = null, fileOf = null, shards = {}, docs = {}, waiting = {};

  /* meta.js: per document its kind and person (base64 varints of person + 1);
     per session [name, date, series, page, first document, first message document, platform]. */
  function setMeta(value) {
    meta = value;
    /* meta.files: how many shards (in meta.shards order) each search/t-N.js holds. */
    fileOf = Object.create(null);
    var k = 0;
    value.files.forEach(function (count, n) { for (var end = k + count; k < end; k++) fileOf[value.shards[k]] = n; });
    var bytes = atob(value.person), i = 0, doc = 0;
    person = new Int32Array(value.count);
    while (i < bytes.length) { var read = varint(bytes, i); person[doc++] = read[0] - 1; i = read[1]; }
  }
  /* A varint at i of a binary string: [value, index after it]. */
  function varint(bytes, i) {
    var value = 0, shift = 0, byte;
    do { byte = bytes.charCodeAt(i++); value += (byte & 0x7f) * Math.pow(2, shift); shift += 7; } while (byte & 0x80);
    return [value, i];
  }
  /* The session a document belongs to, or -1 for people. */
  function sessionOf(doc) {
    if (doc >= meta.sessionsEnd) return -1;
    var lo = 0, hi = meta.sessions.length - 1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (meta.sessions[mid][4] <= doc) lo = mid; else hi = mid - 1; }
    return lo;
  }

  function load(src, ready) {
    if (ready()) return Promise.resolve();
    if (!waiting[src]) {
      waiting[src] = new Promise(function (resolve) {
        var script = document.createElement("script");
        script.src = src;
        script.onload = resolve;
        script.onerror = resolve; // a missing shard means no such words
        document.head.appendChild(script);
      });
    }
    return waiting[src];
  }

  /* The same folding as the build: NFKD, marks removed, lower case, a few letters
     folded further (ß, final ς, dotless ı), then runs of letters and digits. */
  function fold(text) {
    return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/ß/g, "ss").replace(/ς/g, "σ").replace(/ı/g, "i");
  }
  /* Chinese and Japanese runs become overlapping pairs (a lone character stays one),
     which the build indexes along with every single character. */
  var ideographic = /[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{2fa1f}]/u;
  function tokens(text) {
    var found = [];
    (fold(text).match(/[\p{L}\p{N}]+/gu) || []).forEach(function (run) {
      var word = "", chars = Array.from(run), i = 0;
      while (i < chars.length) {
        if (!ideographic.test(chars[i])) { word += chars[i++]; continue; }
        if (word) { found.push(word); word = ""; }
        var start = i;
        while (i < chars.length && ideographic.test(chars[i])) i++;
        if (i - start === 1) found.push(chars[start]);
        for (var j = start; j + 1 < i; j++) found.push(chars[j] + chars[j + 1]);
      }
      if (word) found.push(word);
    });
    return found;
  }
  function shardKey(term) { return Array.from(term).slice(0, meta.keyLength).join(""); }
  /* The shards that can hold a word: its own, or for a short prefix every shard it starts. */
  function shardsFor(word, prefix) {
    if (!prefix || Array.from(word).length >= meta.keyLength) return shardKey(word) in fileOf ? [shardKey(word)] : [];
    return meta.shards.filter(function (key) { return key.lastIndexOf(word, 0) === 0; });
  }
  function shardFile(key) { return "search/t-" + fileOf[key] + ".js"; }

  /* A term's postings, unpacked once: [doc, weight, doc, weight, …]. The build packs
     them as base64 of (varint gap from the previous document, weight byte). */
  var K1PLUS1 = 2.2, unpacked = {};
  function postings(key, term) {
    var id = key + "\u0000" + term;
    if (unpacked[id]) return unpacked[id];
    var bytes = atob(shards[key][term]), list = [], doc = 0, i = 0;
    while (i < bytes.length) {
      var read = varint(bytes, i);
      doc += read[0];
      list.push(doc, bytes.charCodeAt(read[1]));
      i = read[1] + 1;
    }
    return (unpacked[id] = list);
  }

  /* Terms of a shard, sorted once, for prefix lookups by binary search. */
  var sortedTerms = {};
  function termsWithPrefix(key, prefix) {
    var shard = shards[key] || {};
    var terms = sortedTerms[key] || (sortedTerms[key] = Object.keys(shard).sort());
    var lo = 0, hi = terms.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (terms[mid] < prefix) lo = mid + 1; else hi = mid; }
    var found = [];
    while (lo < terms.length && terms[lo].lastIndexOf(prefix, 0) === 0) found.push(terms[lo++]);
    return found;
  }

  /* Documents matching every word (the last one as a prefix while typing), ranked by
     BM25 (weights precomputed at build time, idf here), ties broken by date, newest first. */
  function search(query, filters) {
    var words = tokens(query).filter(function (word, i, all) { return all.indexOf(word) === i; });
    if (!words.length) return Promise.resolve({ count: 0, top: function () { return []; } });
    var last = words.length - 1;
    function isPrefix(i) { return i === last && Array.from(words[i]).length >= 2; }
    var keys = [];
    words.forEach(function (word, i) { keys = keys.concat(shardsFor(word, isPrefix(i))); });
    return Promise.all(keys.map(function (key) {
      return load(shardFile(key), function () { return key in shards; });
    })).then(function () {
      var total = meta.count, score = new Float64Array(total), hits = new Int32Array(total);
      var best = new Float64Array(total), matched = [];
      words.forEach(function (word, i) {
        var touched = [];
        shardsFor(word, isPrefix(i)).forEach(function (key) {
          var shard = shards[key] || {};
          var terms = isPrefix(i) ? termsWithPrefix(key, word) : (shard[word] ? [word] : []);
          terms.forEach(function (term) {
            var list = postings(key, term), df = list.length / 2;
            var idf = Math.log(1 + (total - df + 0.5) / (df + 0.5)) * K1PLUS1 / 255;
            for (var j = 0; j < list.length; j += 2) {
              var doc = list[j], value = idf * list[j + 1];
              if (hits[doc] !== i) continue;     // must have matched every earlier word
              if (best[doc] === 0) touched.push(doc);
              if (value > best[doc]) best[doc] = value;
            }
          });
        });
        touched.forEach(function (doc) {
          hits[doc] = i + 1;
          score[doc] += best[doc];
          best[doc] = 0;
          if (i === last) matched.push(doc);
        });
      });
      var results = filtersSet(filters) ? matched.filter(function (doc) { return matches(doc, filters); }) : matched;
      return { count: results.length, top: function (n) { return topResults(results, score, n); } };
    });
  }

  /* The n best documents, without sorting them all: documents are numbered in date
     order, so on equal scores the higher number is the newer one. */
  function topResults(results, score, n) {
    var top = [];
    function better(a, b) { return score[a] > score[b] || (score[a] === score[b] && a > b); }
    for (var i = 0; i < results.length; i++) {
      var doc = results[i];
      if (top.length === n && !better(doc, top[n - 1])) continue;
      var at = top.length === n ? n - 1 : top.length;
      while (at > 0 && better(doc, top[at - 1])) { top[at] = top[at - 1]; at--; }
      top[at] = doc;
    }
    return top;
  }

  function filtersSet(f) { return f.questions || f.series || f.platform || f.person || f.from || f.to; }

  function matches(doc, f) {
    var s = sessionOf(doc);
    if (f.questions && meta.kinds[doc] !== "q") return false;
    if (f.series && (s < 0 || meta.series[meta.sessions[s][2]] !== f.series)) return false;
    if (f.platform && (s < 0 || meta.platforms[meta.sessions[s][6]] !== f.platform)) return false;
    if (f.person) {
      var p = person[doc];
      if (p < 0 || meta.people[p].toLowerCase() !== f.person.toLowerCase().replace(/^@/, "")) return false;
    }
    if ((f.from || f.to) && s < 0) return false;
    if (f.from && meta.sessions[s][1] < f.from) return false;
    if (f.to && meta.sessions[s][1] > f.to) return false;
    return true;
  }

  function documents(ids) {
    var chunks = ids.map(function (id) { return Math.floor(id / meta.chunk); });
    return Promise.all(chunks.map(function (c) {
      return load("search/d-" + c + ".js", function () { return c in docs; });
    })).then(function () {
      return ids.map(function (id) {
        var chunk = docs[Math.floor(id / meta.chunk)];   // missing if its file failed to load
        var row = chunk && chunk[id % meta.chunk];
        if (!row) return null;
        if (meta.kinds[id] !== "m") return [meta.kinds[id], row[0], row[1], row[2], ""];
        var known = outline(id);
        return [known[0], known[1], known[2], row[0], row[1]];
      });
    });
  }

  /* Where the query's words start words of the text, as [start, end] in characters. */
  function marks(chars, words) {
    var folded = chars.map(fold), found = [], i = 0;
    while (i < chars.length) {
      var hit = 0;
      var wordStart = i === 0 || !/[\p{L}\p{N}]/u.test(folded[i - 1]) || ideographic.test(folded[i]) || ideographic.test(folded[i - 1]);
      for (var w = 0; wordStart && w < words.length && !hit; w++) {
        var word = Array.from(words[w]), k = 0, j = i;
        while (k < word.length && j < chars.length) {
          var f = Array.from(folded[j]);
          if (f.join("") !== word.slice(k, k + f.length).join("")) break;
          k += f.length; j++;
        }
        if (k >= word.length) hit = j - i;
      }
      if (!hit) { i++; continue; }
      var last = found[found.length - 1];
      if (last && last[1] >= i) last[1] = Math.max(last[1], i + hit); else found.push([i, i + hit]);
      i += ideographic.test(folded[i]) ? 1 : hit;   // pairs overlap: 日本 and 本語 mark 日本語
    }
    return found;
  }

  /* The text with the query's words marked, or for a long text a window around the
     first of them, built as DOM nodes so no text is ever parsed as HTML. */
  var SNIPPET = 240;
  function highlighted(text, words, into) {
    var chars = Array.from(text), found = marks(chars, words), from = 0, to = chars.length;
    if (to > SNIPPET) {
      var first = found.length ? found[0][0] : 0;
      from = Math.max(0, Math.min(first - 60, to - SNIPPET));
      for (var n = from; from > 0 && n < first && n < from + 20; n++) {
        if (/\s/.test(chars[n])) { from = n + 1; break; }   // start on a word
      }
      to = Math.min(to, from + SNIPPET);
    }
    var at = from, out = from > 0 ? "… " : "";
    found.forEach(function (range) {
      if (range[0] < from || range[1] > to) return;
      into.appendChild(document.createTextNode(out + chars.slice(at, range[0]).join("")));
      var mark = document.createElement("mark");
      mark.textContent = chars.slice(range[0], range[1]).join("");
      into.appendChild(mark);
      at = range[1]; out = "";
    });
    into.appendChild(document.createTextNode(out + chars.slice(at, to).join("") + (to < chars.length ? " …" : "")));
  }

  var kindNames = { m: "Message", q: "Question", s: "Session", p: "Person" };

  /* What meta.js alone says of a result, so it shows before its chunk loads: a
     session's name and page, a message's author and link (message mN of a session
     is document firstMessage + N - 1). Questions and people wait for their chunk. */
  function outline(doc) {
    var kind = meta.kinds[doc];
    if (kind !== "m" && kind !== "s") return null;
    var session = meta.sessions[sessionOf(doc)];
    if (kind === "s") return ["s", session[3], session[0], "", ""];
    var number = doc - session[5] + 1, author = person[doc];
    return ["m", session[3] + "#m" + number, author >= 0 ? meta.people[author] : "Message " + number, "", ""];
  }

  /* One result, shown at once from its outline and completed when its chunk arrives
     (chunks load in rank order, so the first results complete first). */
  function resultItem(doc, words) {
    var s = sessionOf(doc);
    var item = document.createElement("li");
    item.className = "result";
    var head = document.createElement("p");
    head.className = "result-head";
    var link = document.createElement("a");
    var where = document.createElement("span");
    where.className = "meta";
    head.appendChild(link);
    head.appendChild(where);
    var snippet = document.createElement("p");
    snippet.className = "snippet";
    item.appendChild(head);
    item.appendChild(snippet);
    function fill(row) {
      link.href = row[1];
      link.textContent = row[2];
      where.textContent = " " + kindNames[row[0]] + (s >= 0 && row[0] !== "s" ? " · " + meta.sessions[s][0] : "") + (row[4] ? " · " + row[4] : "");
      snippet.textContent = "";
      highlighted(row[3], words, snippet);
    }
    var known = outline(doc);
    if (known) fill(known);
    item.ready = documents([doc]).then(function (rows) { if (rows[0]) fill(rows[0]); });
    return item;
  }

  function start() {
    var form = document.getElementById("search-form");
    if (!form || !meta) return;
    var fields = ["q", "series", "platform", "person", "from", "to"];
    var params = new URLSearchParams(location.search);
    fields.forEach(function (name) { if (params.get(name) && form.elements[name]) form.elements[name].value = params.get(name); });
    form.elements.questions.checked = params.get("questions") === "1";
    var people = document.getElementById("people");
    if (people) {   // the person filter suggests handles as you type
      meta.people.forEach(function (handle) { people.appendChild(new Option(handle)); });
    }
    var status = document.getElementById("search-status"), list = document.getElementById("results");
    var timer = null, generation = 0;

    var page = 10, shown = [], found = null, words = [], pending = null;
    var more = document.createElement("button");
    more.type = "button";
    more.className = "more";
    more.textContent = "Show more results";
    more.hidden = true;
    list.parentNode.insertBefore(more, list.nextSibling);
    more.addEventListener("click", function () { reveal(generation); });

    function reveal(mine) {
      if (pending) return pending;   // one page at a time, however often "more" is clicked
      more.disabled = true;
      var next = found.top(shown.length + page).slice(shown.length);
      shown = shown.concat(next);
      var items = next.map(function (doc) { return resultItem(doc, words); });
      items.forEach(function (item) { list.appendChild(item); });
      var mineDone = pending = Promise.all(items.map(function (item) { return item.ready; })).then(function () {
        if (pending === mineDone) pending = null;
        if (mine !== generation) return;
        more.disabled = false;
        more.hidden = shown.length >= found.count;
      });
      return pending;
    }

    function run() {
      var mine = ++generation, query = form.elements.q.value;
      more.hidden = true;   // until this query's first page is in
      var filters = { series: form.elements.series.value, platform: form.elements.platform ? form.elements.platform.value : "",
                      person: form.elements.person.value.trim(),
                      from: form.elements.from.value, to: form.elements.to.value, questions: form.elements.questions.checked };
      if (!tokens(query).length) { list.textContent = ""; status.textContent = ""; more.hidden = true; return; }
      search(query, filters).then(function (results) {
        if (mine !== generation) return;
        found = results; shown = []; words = tokens(query); pending = null;
        list.textContent = "";
        return reveal(mine).then(function () {
          if (mine !== generation) return;
          status.textContent = found.count === 0 ? "No results." :
            found.count.toLocaleString("en") + (found.count === 1 ? " result." : " results, best first.");
        });
      });
    }
    form.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 120); });
    form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
    run();
  }

  return {
    meta: setMeta,
    shard: function (key, terms) { shards[key] = terms; },
    docs: function (chunk, rows) { docs[chunk] = rows; },
    tokens: tokens,
    search: search,
    outline: outline,
    highlight: highlighted,
    documents: function (ids) { return documents(ids); },
    start: start
  };
})();
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", Confab.start); else Confab.start();
