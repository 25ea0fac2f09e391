// Doing With: small enhancements. Every page works without this file.
// No third-party code, no cookies, nothing sent anywhere.
(function () {
  "use strict";

  var siteRoot = window.__md_scope ? window.__md_scope : new URL(".", location);

  // A story past its review date says so. Decided here, in the reader's browser,
  // so a story becomes "due for review" without anyone rebuilding the site.
  function showReviewNotices() {
    var today = new Date().toISOString().slice(0, 10);
    document.querySelectorAll("[data-review-due]").forEach(function (notice) {
      notice.hidden = notice.getAttribute("data-review-due") >= today;
    });
  }

  // Resource library: filter the list by type, principle and stage.
  function setUpResourceFilter() {
    var form = document.querySelector("[data-dw-filter]");
    if (!form) return;
    var cards = Array.prototype.slice.call(document.querySelectorAll(".dw-cards > .dw-card[data-type]"));
    var status = form.querySelector(".dw-filter__status");
    form.hidden = false;
    function apply() {
      var wanted = {};
      form.querySelectorAll("select[data-filter]").forEach(function (select) {
        wanted[select.getAttribute("data-filter")] = select.value;
      });
      var shown = 0;
      cards.forEach(function (card) {
        var ok =
          (!wanted.type || card.getAttribute("data-type") === wanted.type) &&
          (!wanted.principles || card.getAttribute("data-principles").split(" ").indexOf(wanted.principles) >= 0) &&
          (!wanted.stages || card.getAttribute("data-stages").split(" ").indexOf(wanted.stages) >= 0);
        card.hidden = !ok;
        if (ok) shown += 1;
      });
      status.textContent = "Showing " + shown + " of " + cards.length + " resources.";
    }
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    apply();
  }

  // All stories: quick filters by nation, principle and measured outcomes.
  function setUpStoryFilter() {
    var form = document.querySelector("[data-dw-story-filter]");
    if (!form) return;
    var cards = Array.prototype.slice.call(document.querySelectorAll(".dw-story-card"));
    var status = form.querySelector(".dw-filter__status");
    form.hidden = false;
    function apply() {
      var nation = form.querySelector("[data-filter=nation]").value;
      var principle = form.querySelector("[data-filter=principles]").value;
      var measured = form.querySelector("[data-filter=evidence]").checked;
      var shown = 0;
      cards.forEach(function (card) {
        var ok =
          (!nation || card.getAttribute("data-nation") === nation) &&
          (!principle || card.getAttribute("data-principles").split(" ").indexOf(principle) >= 0) &&
          (!measured || card.getAttribute("data-evidence") === "measured");
        card.hidden = !ok;
        if (ok) shown += 1;
      });
      status.textContent = "Showing " + shown + " of " + cards.length + " stories.";
    }
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    apply();
  }

  // ---------------------------------------------------------------- search --
  // A plain, accessible search form over Pagefind's JavaScript API: a labelled
  // input, facets as checkbox groups with counts, results as a list of links,
  // and a live region that says how many were found. The address bar always
  // holds the query and filters, so a search can be shared or bookmarked.
  var FACETS = [
    ["type", "Content type"],
    ["principle", "Principle"],
    ["nation", "Nation"],
    ["place", "Place"],
    ["stage", "Stage"],
    ["theme", "Theme"],
    ["evidence", "Evidence"],
  ];
  var RESULTS_PER_PAGE = 10; // each result fetches its own fragment of the index
  var MIN_QUERY_LENGTH = 3; // shorter prefixes fetch large index chunks for little use
  // Ranking takes Pagefind about 35 microseconds a matching page (170 ms for a word in
  // all of 5,000 stories, measured here), and a search cannot be stopped once started.
  // After a search that matched this many pages, the next waits for a pause in typing, so
  // the finished word is not queued behind a search for half of it; the index chunks it
  // needs are still fetched at each keystroke.
  var SLOW_SEARCH_RESULTS = 2000;
  var TYPING_PAUSE_MS = 90;

  function el(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // Pagefind marks matches with <mark>. Build the excerpt as text nodes and
  // <mark> elements only, so nothing in indexed content can become markup.
  function excerptNode(excerpt) {
    var paragraph = el("p", { class: "dw-result__excerpt" });
    var parts = String(excerpt || "").split(/<\/?mark>/);
    var decoder = document.createElement("textarea");
    parts.forEach(function (part, index) {
      decoder.innerHTML = part.replace(/</g, "&lt;");
      var text = document.createTextNode(decoder.value);
      if (index % 2 === 1) {
        var mark = el("mark");
        mark.appendChild(text);
        paragraph.appendChild(mark);
      } else {
        paragraph.appendChild(text);
      }
    });
    return paragraph;
  }

  function setUpSearch() {
    var root = document.querySelector("[data-dw-search]");
    if (!root) return;
    var form = root.querySelector("form");
    var input = root.querySelector("#dw-search-query");
    var filtersBox = root.querySelector("[data-dw-filters]");
    var status = root.querySelector("[data-dw-status]");
    var list = root.querySelector("[data-dw-results]");
    var moreButton = root.querySelector("[data-dw-more]");
    moreButton.addEventListener("click", function () {
      showMore().then(function (firstNew) {
        var link = firstNew && firstNew.querySelector("a");
        if (link) link.focus();  // keyboard users continue where the new results start
      });
    });
    var pagefind = null;
    var totals = {};
    var timer = null;

    function selected() {
      var chosen = {};
      filtersBox.querySelectorAll("input[type=checkbox]:checked").forEach(function (box) {
        (chosen[box.name] = chosen[box.name] || []).push(box.value);
      });
      return chosen;
    }

    function writeAddress(query, chosen, sort) {
      var params = new URLSearchParams();
      if (query) params.set("q", query);
      Object.keys(chosen).forEach(function (name) {
        chosen[name].forEach(function (value) { params.append(name, value); });
      });
      if (sort) params.set("sort", sort);
      var address = location.pathname + (params.toString() ? "?" + params.toString() : "");
      history.replaceState(null, "", address);
    }

    function drawFilters(counts, chosen) {
      var open = {};
      filtersBox.querySelectorAll("details").forEach(function (details) {
        open[details.getAttribute("data-facet")] = details.open;
      });
      filtersBox.textContent = "";
      var sortLabel = el("label", { for: "dw-search-sort", class: "dw-search__sort-label" }, "Order");
      var sort = el("select", { id: "dw-search-sort", name: "sort" });
      sort.appendChild(el("option", { value: "" }, "Best match"));
      sort.appendChild(el("option", { value: "date" }, "Newest first"));
      sort.value = new URLSearchParams(location.search).get("sort") || "";
      var sortRow = el("div", { class: "dw-search__sort" });
      sortRow.appendChild(sortLabel);
      sortRow.appendChild(sort);
      filtersBox.appendChild(sortRow);
      FACETS.forEach(function (facet) {
        var name = facet[0];
        var values = Object.keys(totals[name] || {}).sort();
        if (!values.length) return;
        var chosenHere = chosen[name] || [];
        var details = el("details", { class: "dw-facet", "data-facet": name });
        details.open = open[name] !== undefined ? open[name] : chosenHere.length > 0 || name === "type" || name === "principle";
        var summary = el("summary", {}, facet[1] + (chosenHere.length ? " (" + chosenHere.length + " chosen)" : ""));
        details.appendChild(summary);
        var fieldset = el("fieldset");
        fieldset.appendChild(el("legend", { class: "dw-visually-hidden" }, facet[1]));
        values.forEach(function (value, index) {
          var id = "dw-facet-" + name + "-" + index;
          var count = counts && counts[name] ? counts[name][value] || 0 : totals[name][value];
          var row = el("div", { class: "dw-facet__option" });
          var box = el("input", { type: "checkbox", id: id, name: name, value: value });
          box.checked = chosenHere.indexOf(value) >= 0;
          var label = el("label", { for: id });
          label.appendChild(document.createTextNode(value + " "));
          label.appendChild(el("span", { class: "dw-count" }, "(" + count + ")"));
          row.appendChild(box);
          row.appendChild(label);
          fieldset.appendChild(row);
        });
        details.appendChild(fieldset);
        filtersBox.appendChild(details);
      });
    }

    function drawResult(data) {
      var item = el("li", { class: "dw-result" });
      var heading = el("h2", { class: "dw-result__title" });
      var title = (data.meta && data.meta.title) || data.url;
      var link = el("a", { href: data.url }, title);
      heading.appendChild(link);
      item.appendChild(heading);
      var facts = [];
      if (data.filters && data.filters.type) facts.push(data.filters.type.join(", "));
      if (data.meta && data.meta.place) facts.push(data.meta.place);
      else if (data.meta && data.meta.nation) facts.push(data.meta.nation);
      if (facts.length) item.appendChild(el("p", { class: "dw-result__meta" }, facts.join(" · ")));
      if (data.meta && data.meta.summary) item.appendChild(el("p", { class: "dw-result__summary" }, data.meta.summary));
      item.appendChild(excerptNode(data.excerpt));
      return item;
    }

    // Pagefind answers one search at a time and cannot cancel one, so while a search
    // runs, later keystrokes only mark that another is wanted; when it finishes, the
    // latest input is searched. Stale searches never fetch their results.
    var running = false;
    var wanted = false;
    var current = null; // the latest search, for "Show more results"
    var shownCount = 0;

    function run() {
      if (!pagefind) {  // still starting: it searches the input once ready
        status.textContent = "Search is starting. Your search will run in a moment.";
        return;
      }
      if (running) { wanted = true; return; }
      var query = input.value.trim();
      var chosen = selected();
      var sortSelect = filtersBox.querySelector("#dw-search-sort");
      var sort = sortSelect ? sortSelect.value : "";
      writeAddress(query, chosen, sort);
      var address = location.search;  // what this search is for, query, filters and order
      var hasFilters = Object.keys(chosen).length > 0;
      if (query.length < MIN_QUERY_LENGTH) lastSearchSlow = false;  // a new word begins
      if (query && query.length < MIN_QUERY_LENGTH) {
        status.textContent = "Type at least " + MIN_QUERY_LENGTH + " letters to search.";
        return;
      }
      if (!query && !hasFilters) {
        list.textContent = "";
        status.textContent = "";
        moreButton.hidden = true;
        drawFilters(null, chosen);
        return;
      }
      var filters = {};
      Object.keys(chosen).forEach(function (name) { filters[name] = { any: chosen[name] }; });
      var options = { filters: filters };
      if (sort === "date") options.sort = { date: "desc" };
      running = true;
      var finish = function () {
        running = false;
        if (!wanted) return;
        wanted = false;
        if (timer !== null) return;  // a search is already due: it takes the latest input
        // Still typing after a slow search: wait for the pause rather than rank half a word.
        var sinceTyping = performance.now() - lastInputAt;
        if (lastSearchSlow && sinceTyping < TYPING_PAUSE_MS) {
          timer = setTimeout(fire, TYPING_PAUSE_MS - sinceTyping);
        } else {
          run();
        }
      };
      var search;
      // Pagefind counts only the filters whose index it has fetched: fetch them all, once,
      // at the first search (not at page load, where the totals written in the page serve).
      filtersFetched = filtersFetched || pagefind.filters();
      filtersFetched.then(function () {
        return pagefind.search(query || null, options);
      }).then(function (found) {
        search = found;
        if (!search) return;
        lastSearchSlow = Boolean(query) && search.results.length >= SLOW_SEARCH_RESULTS;
        if (wanted) return;  // the input changed meanwhile: skip this one's results
        return looseOnly(query, search).then(function (word) {
          if (wanted) return;
          current = word ? { results: [], loose: word } : search;
          shownCount = 0;
          list.textContent = "";
          return showMore().then(function () {
            return word ? {} : facetCounts(query, chosen, search);
          }).then(function (counts) {
            if (wanted) return;
            // Whose results are shown: the tests wait on these, not on the clock.
            list.setAttribute("data-dw-query", query);
            list.setAttribute("data-dw-shown", address);
            var focusedFacet = document.activeElement && document.activeElement.closest && document.activeElement.closest("[data-dw-filters]") ? document.activeElement.id : null;
            drawFilters(counts, chosen);
            if (focusedFacet && document.getElementById(focusedFacet)) document.getElementById(focusedFacet).focus();
          });
        });
      }).then(finish, finish);
    }

    // Each facet's counts follow the query and the filters chosen in the *other* facets,
    // so a count says how many results ticking that box would give. Facets with nothing
    // chosen take the search's own counts; each facet with a choice costs one more search
    // (of the same words, whose index is already fetched). A value no result has reads (0).
    function facetCounts(query, chosen, search) {
      var counts = {};
      Object.keys(search.filters || {}).forEach(function (name) { counts[name] = search.filters[name]; });
      var names = Object.keys(chosen);
      return names.reduce(function (done, name) {
        return done.then(function () {
          var others = {};
          names.forEach(function (other) { if (other !== name) others[other] = { any: chosen[other] }; });
          if (!query && !Object.keys(others).length) { counts[name] = totals[name] || {}; return; }
          return pagefind.search(query || null, { filters: others }).then(function (wider) {
            counts[name] = (wider && wider.filters[name]) || {};
          });
        });
      }, Promise.resolve()).then(function () { return counts; });
    }

    // Pagefind searches a word that is in no page for the longest beginning of it that is
    // ("Belfast" for "be", "Newry" for "new": Pagefind pull request 315, issue 793), which
    // lists dozens of unrelated pages. It does so for every page or none, so the best
    // result tells: if it has no word sharing the query word's first five letters (or all
    // of a shorter word), no page has that word, and the search says so instead.
    var CLOSE_PREFIX = 5;
    function normalWord(word) { return word.toLowerCase().replace(/[^\p{L}\p{N}]/gu, ""); }
    function sharedStart(a, b) {
      var n = 0;
      while (n < a.length && n < b.length && a[n] === b[n]) n += 1;
      return n;
    }
    function looseOnly(query, search) {
      var words = query.split(/\s+/).map(normalWord).filter(function (w) { return w.length >= MIN_QUERY_LENGTH; });
      if (!words.length || !search.results.length) return Promise.resolve(null);
      return search.results[0].data().then(function (data) {
        var text = ((data.meta && data.meta.title) || "") + " " + (data.content || "");
        var found = text.split(/\s+/).map(normalWord);
        var missing = words.filter(function (word) {
          var needed = Math.min(word.length, CLOSE_PREFIX);
          return !found.some(function (w) { return sharedStart(word, w) >= needed; });
        });
        return missing.length ? missing[0] : null;
      });
    }

    function showMore() {
      var search = current;
      var slice = search.results.slice(shownCount, shownCount + RESULTS_PER_PAGE);
      return Promise.all(slice.map(function (r) { return r.data(); })).then(function (results) {
        if (search !== current) return;
        if (shownCount === 0) results = placeFirst(input.value, results);
        var firstNew = null;
        results.forEach(function (data) {
          var item = drawResult(data);
          firstNew = firstNew || item;
          list.appendChild(item);
        });
        shownCount += results.length;
        var count = search.results.length;
        status.textContent = search.loose
          ? "No page has the word “" + search.loose + "”. Check the spelling, or browse stories by place."
          : count === 0
          ? "No results. Try fewer words, or fewer filters."
          : count + (count === 1 ? " result" : " results") + (count > shownCount ? ", showing the first " + shownCount : "") + ".";
        moreButton.hidden = shownCount >= count;
        return firstNew;
      });
    }

    // A search for a place's name lists its page first (a story may name the place more
    // often than the place's own page does, and rank above it).
    function placeFirst(query, results) {
      var wanted = normalWord(query);
      var at = results.findIndex(function (data) {
        return data.filters && (data.filters.type || []).indexOf("Place") >= 0 &&
          normalWord((data.meta && data.meta.title) || "") === wanted;
      });
      if (at <= 0) return results;
      return [results[at]].concat(results.slice(0, at), results.slice(at + 1));
    }

    var lastSearchSlow = false;
    var lastInputAt = 0;
    var filtersFetched = null;

    function fire() {
      timer = null;
      run();
    }

    function schedule() {
      clearTimeout(timer);
      lastInputAt = performance.now();
      if (running) wanted = true;  // the search under way is stale: do not draw its results
      var query = input.value.trim();
      if (pagefind && query.length >= MIN_QUERY_LENGTH) pagefind.preload(query).catch(function () {});
      timer = setTimeout(fire, lastSearchSlow ? TYPING_PAUSE_MS : 30);
    }

    function resultLinks() {
      return Array.prototype.slice.call(list.querySelectorAll(".dw-result__title a"));
    }

    input.addEventListener("input", schedule);
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        var links = resultLinks();
        if (links.length) { event.preventDefault(); links[0].focus(); }
      } else if (event.key === "Escape") {
        input.value = "";
        schedule();
      }
    });
    list.addEventListener("keydown", function (event) {
      var links = resultLinks();
      var index = links.indexOf(document.activeElement);
      if (index < 0) return;
      if (event.key === "ArrowDown" && index < links.length - 1) {
        event.preventDefault();
        links[index + 1].focus();
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        (index === 0 ? input : links[index - 1]).focus();
      } else if (event.key === "Escape") {
        event.preventDefault();
        input.focus();
      }
    });
    filtersBox.addEventListener("change", run);
    form.addEventListener("submit", function (event) { event.preventDefault(); run(); });

    import(new URL("pagefind/pagefind.js", siteRoot).href).then(function (module) {
      pagefind = module;
      return pagefind.options({ baseUrl: siteRoot.pathname, excerptLength: 24 });
    }).then(function () {
      // Facet totals are written into the page at build time; asking Pagefind for them
      // would fetch every filter's index (90 KB at 5,000 stories) before any search.
      var written = document.getElementById("dw-facet-totals");
      return written ? JSON.parse(written.textContent) : pagefind.filters();
    }).then(function (all) {
      totals = all || {};
      var params = new URLSearchParams(location.search);
      if (params.has("q")) input.value = params.get("q");  // else keep anything typed meanwhile
      var chosen = {};
      FACETS.forEach(function (facet) {
        var values = params.getAll(facet[0]);
        if (values.length) chosen[facet[0]] = values;
      });
      drawFilters(null, chosen);
      root.setAttribute("data-ready", "true");
      run();
    }).catch(function () {
      status.textContent = "Search could not start. You can still browse stories by principle, nation, place, stage or theme.";
    });
  }

  // On the search page, show the query from ?q= in the header's search box too.
  function setUpHeaderSearch() {
    var params = new URLSearchParams(location.search);
    var header = document.getElementById("dw-header-query");
    if (header && params.get("q") && document.querySelector("[data-dw-search]")) header.value = params.get("q");
  }

  // "Print this pack" buttons (hidden without JavaScript: the browser's own print works).
  document.querySelectorAll("[data-dw-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  // A print pack's optional parts (a principle's story summaries): left out when unticked.
  document.querySelectorAll("[data-dw-print-optional]").forEach(function (box) {
    var part = document.getElementById(box.getAttribute("data-dw-print-optional"));
    if (!part) return;
    box.addEventListener("change", function () { part.classList.toggle("dw-left-out", !box.checked); });
  });

  // A table wider than the screen scrolls sideways in the theme's wrapper: make that
  // wrapper reachable by keyboard and named, so it can be scrolled without a mouse
  // (WCAG 2.1.1; axe scrollable-region-focusable). Only while it actually scrolls.
  function labelScrollingTables() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
      if (scrolls && !wrap.hasAttribute("tabindex")) {
        var heading = null;
        for (var node = wrap.previousElementSibling; node && !heading; node = node.previousElementSibling) {
          if (/^H[1-6]$/.test(node.tagName)) heading = node;
        }
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", "Table" + (heading ? ": " + heading.textContent.replace(/¶/g, "").trim() : ""));
      } else if (!scrolls && wrap.getAttribute("role") === "region") {
        ["tabindex", "role", "aria-label"].forEach(function (name) { wrap.removeAttribute(name); });
      }
    });
  }
  // The theme wraps tables from its own script: label them once it has (document$ is the
  // theme's documented hook for a page being ready).
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(labelScrollingTables);
  window.addEventListener("load", labelScrollingTables);
  window.addEventListener("resize", labelScrollingTables);

  showReviewNotices();
  setUpResourceFilter();
  setUpStoryFilter();
  setUpSearch();
  setUpHeaderSearch();
})();
