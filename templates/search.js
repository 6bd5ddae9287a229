/* Confab search: runs in the browser from file:// or any host, no server, no fetch.
   The build writes the index as scripts (search/meta.js, term shards search/t-*.js,
   document chunks search/d-*.js) that call the functions below; a query loads
   only the shards of its words and the chunks of its best results. */
"use strict";
var Confab = (function () {
  var meta = null, shards = {}, docs = {}, waiting = {};

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

  /* The same folding as the build: NFD, marks removed, lower case, letters and digits. */
  function tokens(text) {
    return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().match(/[\p{L}\p{N}]+/gu) || [];
  }
  function shardKey(term) { return Array.from(term).slice(0, 2).join(""); }
  function shardFile(key) {
    if (/^[a-z0-9]+$/.test(key)) return "search/t-" + key + ".js";
    return "search/t-u" + Array.from(key).map(function (c) { return c.codePointAt(0).toString(16); }).join("-") + ".js";
  }

  /* Documents matching every word (the last one as a prefix while typing), ranked by BM25. */
  function search(query, filters) {
    var words = tokens(query);
    if (!words.length) return Promise.resolve([]);
    var keys = words.map(shardKey).filter(function (k) { return meta.shards.indexOf(k) >= 0; });
    return Promise.all(keys.map(function (key) {
      return load(shardFile(key), function () { return key in shards; });
    })).then(function () {
      var total = meta.count, scores = null;
      words.forEach(function (word, i) {
        var shard = shards[shardKey(word)] || {};
        var prefix = i === words.length - 1 && Array.from(word).length >= 2;
        var found = {};
        Object.keys(shard).forEach(function (term) {
          if (term !== word && !(prefix && term.lastIndexOf(word, 0) === 0)) return;
          var list = shard[term], df = list.length / 2;
          var idf = Math.log(1 + (total - df + 0.5) / (df + 0.5));
          for (var j = 0; j < list.length; j += 2) {
            var score = idf * list[j + 1] / 100;
            found[list[j]] = Math.max(found[list[j]] || 0, score);
          }
        });
        if (scores === null) { scores = found; return; }
        var both = {};
        Object.keys(found).forEach(function (doc) { if (doc in scores) both[doc] = scores[doc] + found[doc]; });
        scores = both;
      });
      var results = Object.keys(scores || {}).map(Number).filter(function (doc) { return matches(doc, filters); });
      results.sort(function (a, b) {
        return scores[b] - scores[a] || date(b).localeCompare(date(a)) || a - b;
      });
      return results;
    });
  }

  function date(doc) { var s = meta.session[doc]; return s < 0 ? "" : meta.sessions[s][1]; }

  function matches(doc, f) {
    var s = meta.session[doc];
    if (f.questions && meta.kinds[doc] !== "q") return false;
    if (f.series && (s < 0 || meta.series[meta.sessions[s][2]] !== f.series)) return false;
    if (f.person) {
      var p = meta.person[doc];
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
      return ids.map(function (id) { return docs[Math.floor(id / meta.chunk)][id % meta.chunk]; });
    });
  }

  /* Text with the query's words marked, built as DOM nodes so no text is ever parsed as HTML. */
  function highlighted(text, words, into) {
    var folded = Array.from(text).map(function (c) { return c.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase(); });
    var chars = Array.from(text), i = 0, plain = "";
    while (i < chars.length) {
      var hit = 0;
      var wordStart = i === 0 || !/[\p{L}\p{N}]/u.test(folded[i - 1]);
      for (var w = 0; wordStart && w < words.length && !hit; w++) {
        var word = Array.from(words[w]), k = 0, j = i;
        while (k < word.length && j < chars.length) {
          var f = Array.from(folded[j]);
          if (f.join("") !== word.slice(k, k + f.length).join("")) break;
          k += f.length; j++;
        }
        if (k >= word.length) hit = j - i;
      }
      if (hit) {
        into.appendChild(document.createTextNode(plain)); plain = "";
        var mark = document.createElement("mark");
        mark.textContent = chars.slice(i, i + hit).join("");
        into.appendChild(mark);
        i += hit;
      } else { plain += chars[i]; i++; }
    }
    into.appendChild(document.createTextNode(plain));
  }

  var kindNames = { m: "Message", q: "Question", s: "Session", p: "Person" };

  function show(results, rows, words, list) {
    list.textContent = "";
    rows.forEach(function (row, n) {
      var doc = results[n], s = meta.session[doc];
      var item = document.createElement("li");
      item.className = "result";
      var head = document.createElement("p");
      head.className = "result-head";
      var link = document.createElement("a");
      link.href = row[1];
      link.textContent = row[2];
      head.appendChild(link);
      var where = document.createElement("span");
      where.className = "meta";
      where.textContent = " " + kindNames[row[0]] + (s >= 0 ? " · " + meta.sessions[s][0] : "") + (row[4] ? " · " + row[4] : "");
      head.appendChild(where);
      item.appendChild(head);
      var snippet = document.createElement("p");
      snippet.className = "snippet";
      highlighted(row[3], words, snippet);
      item.appendChild(snippet);
      list.appendChild(item);
    });
  }

  function start() {
    var form = document.getElementById("search-form");
    if (!form || !meta) return;
    var fields = ["q", "series", "person", "from", "to"];
    var params = new URLSearchParams(location.search);
    fields.forEach(function (name) { if (params.get(name)) form.elements[name].value = params.get(name); });
    form.elements.questions.checked = params.get("questions") === "1";
    var status = document.getElementById("search-status"), list = document.getElementById("results");
    var timer = null, generation = 0;

    function run() {
      var mine = ++generation, query = form.elements.q.value;
      var filters = { series: form.elements.series.value, person: form.elements.person.value.trim(),
                      from: form.elements.from.value, to: form.elements.to.value, questions: form.elements.questions.checked };
      if (!tokens(query).length) { list.textContent = ""; status.textContent = ""; return; }
      search(query, filters).then(function (results) {
        var top = results.slice(0, 50);
        return documents(top).then(function (rows) {
          if (mine !== generation) return;
          show(top, rows, tokens(query), list);
          status.textContent = results.length === 0 ? "No results." :
            results.length + (results.length === 1 ? " result" : " results") + (results.length > 50 ? ", showing the best 50." : ".");
        });
      });
    }
    form.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 120); });
    form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
    run();
  }

  return {
    meta: function (value) { meta = value; },
    shard: function (key, terms) { shards[key] = terms; },
    docs: function (chunk, rows) { docs[chunk] = rows; },
    tokens: tokens,
    search: search,
    start: start
  };
})();
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", Confab.start); else Confab.start();
