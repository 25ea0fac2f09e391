// Doing With: the self-assessment against the six principles.
// Without this file the page is a printable checklist. With it, answers are scored
// in the page, and the results show strengths, gaps and principles only partly answered,
// with where to go for help on each gap; they can be printed, saved as CSV or for Word, and
// an earlier CSV compared with them. Answers and notes are kept in this browser's
// localStorage until cleared; no cookies, and nothing is sent anywhere.
(function () {
  "use strict";

  // A principle is a strength when its answers average at least this, out of the
  // highest score (2 of 3: "Mostly"); any other answered principle is a gap.
  var STRENGTH_FROM = 2 / 3;

  function el(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function clean(text) {
    return String(text || "").replace(/\s+/g, " ").trim();
  }

  function plural(count, one, many) {
    return count + " " + (count === 1 ? one : many || one + "s");
  }

  function localDate(now) {
    function pad(n) { return (n < 10 ? "0" : "") + n; }
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  function longDate(now) {
    return now.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
  }

  function readToolkit(fieldset) {
    try {
      var guides = JSON.parse(fieldset.getAttribute("data-toolkit") || "[]");
      return Array.isArray(guides) ? guides : [];
    } catch (error) {
      return [];
    }
  }

  // Everything the results need, read from the page as it is now.
  function collect(root, maxScore) {
    return Array.prototype.map.call(root.querySelectorAll("fieldset[data-principle]"), function (fieldset) {
      var statements = Array.prototype.map.call(fieldset.querySelectorAll("fieldset[data-statement]"), function (group) {
        var number = group.querySelector(".dw-sa__number");
        var checked = group.querySelector("input[type=radio]:checked");
        var label = checked ? checked.closest("label") : null;
        var note = group.querySelector("textarea");
        return {
          name: group.getAttribute("data-statement"),
          number: number ? clean(number.textContent) : "",
          text: clean(group.querySelector(".dw-sa__words").textContent),
          score: checked ? Number(checked.value) : null,
          answer: label ? clean(label.textContent) : "",
          note: note ? note.value.trim() : "",
        };
      });
      var answered = statements.filter(function (s) { return s.score !== null; });
      var points = answered.reduce(function (sum, s) { return sum + s.score; }, 0);
      var heading = fieldset.querySelector(".dw-sa__principle-name .dw-sa__number");
      return {
        id: fieldset.getAttribute("data-principle"),
        number: heading ? clean(heading.textContent) : "",
        name: fieldset.getAttribute("data-principle-name"),
        url: fieldset.getAttribute("data-principle-url"),
        storiesUrl: fieldset.getAttribute("data-stories-url"),
        stories: Number(fieldset.getAttribute("data-stories-count")) || 0,
        toolkit: readToolkit(fieldset),
        statements: statements,
        answered: answered.length,
        // Some statements answered, not all: not scored as a strength or a gap.
        partly: answered.length > 0 && answered.length < statements.length,
        points: points,
        possible: answered.length * maxScore,
        ratio: answered.length ? points / (answered.length * maxScore) : null,
      };
    });
  }

  function sortBy(list, direction) {
    return list.slice().sort(function (a, b) { return direction * (a.ratio - b.ratio); });
  }

  function judge(principles) {
    var complete = principles.filter(function (p) { return p.ratio !== null && !p.partly; });
    return {
      strengths: sortBy(complete.filter(function (p) { return p.ratio >= STRENGTH_FROM; }), -1),
      gaps: sortBy(complete.filter(function (p) { return p.ratio < STRENGTH_FROM; }), 1),
      partly: principles.filter(function (p) { return p.partly; }),
      unanswered: principles.filter(function (p) { return p.ratio === null; }),
    };
  }

  function resultText(p) {
    if (p.ratio === null) return "Not answered";
    if (p.partly) return "Partly answered";
    return p.ratio >= STRENGTH_FROM ? "Strength" : "Gap";
  }

  function partlyText(p) {
    return p.answered + " of " + plural(p.statements.length, "statement") + " answered, scoring " + scoreText(p) + " so far";
  }

  function scoreText(p) {
    return p.points + " of " + p.possible;
  }

  function summaryText(principles, verdict) {
    var total = 0, answered = 0;
    principles.forEach(function (p) { total += p.statements.length; answered += p.answered; });
    if (!answered) return "You have not answered any statements yet. Choose an answer for at least one statement.";
    var parts = [plural(verdict.strengths.length, "strength"), plural(verdict.gaps.length, "gap")];
    if (verdict.partly.length) parts.push(verdict.partly.length + " partly answered");
    return "You answered " + answered + " of " + total + " statements: " +
      parts.slice(0, -1).join(", ") + " and " + parts[parts.length - 1] + ".";
  }

  function storiesText(count) {
    return count ? "Read the " + plural(count, "story", "stories") + " that show it" : "No stories show it yet: see the principle";
  }

  function drawResults(body, principles, verdict, maxScore) {
    body.textContent = "";
    body.appendChild(el("p", { class: "dw-sa__summary" }, summaryText(principles, verdict)));
    if (!verdict.strengths.length && !verdict.gaps.length && !verdict.partly.length) return;

    var table = el("table");
    table.appendChild(el("caption", {}, "Score for each principle: each answer scores from 0 to " + maxScore));
    var head = el("tr");
    ["Principle", "Result"].forEach(function (name) { head.appendChild(el("th", { scope: "col" }, name)); });
    table.appendChild(el("thead")).appendChild(head);
    var rows = table.appendChild(el("tbody"));
    principles.forEach(function (p) {
      var row = el("tr");
      row.appendChild(el("th", { scope: "row" }, p.name));
      var cell = el("td");
      if (p.ratio === null) {
        cell.textContent = "Not answered";
      } else if (p.partly) {
        cell.appendChild(el("strong", { class: "dw-sa__result--partly" }, "Partly answered"));
        cell.appendChild(document.createTextNode(" " + partlyText(p)));
      } else {
        var result = resultText(p);
        cell.appendChild(el("strong", { class: "dw-sa__result--" + result.toLowerCase() }, result));
        cell.appendChild(document.createTextNode(" "));
        cell.appendChild(el("span", { class: "dw-sa__score" }, scoreText(p)));
      }
      row.appendChild(cell);
      rows.appendChild(row);
    });
    var wrap = el("div", { class: "dw-sa__table-wrap" });
    wrap.appendChild(table);
    body.appendChild(wrap);

    if (verdict.strengths.length) {
      body.appendChild(el("h3", { id: "dw-sa-strengths" }, "Strengths"));
      var strengths = el("ul", { class: "dw-sa__strengths" });
      verdict.strengths.forEach(function (p) {
        var item = el("li");
        item.appendChild(el("a", { href: p.url }, p.name));
        item.appendChild(document.createTextNode(": " + scoreText(p) + "."));
        strengths.appendChild(item);
      });
      body.appendChild(strengths);
    }

    if (verdict.gaps.length) {
      body.appendChild(el("h3", { id: "dw-sa-gaps" }, "Gaps to work on"));
      body.appendChild(el("p", {}, "Lowest score first. For each gap, read what the principle means and the stories that show it, then try a toolkit guide."));
      var gaps = el("ul", { class: "dw-sa__gaps" });
      verdict.gaps.forEach(function (p) {
        var item = el("li", { class: "dw-sa__gap", "data-principle": p.id });
        var title = el("h4", { class: "dw-sa__gap-title" });
        title.appendChild(el("a", { href: p.url, "data-dw-sa-gap-link": "" }, p.name));
        item.appendChild(title);
        item.appendChild(el("p", { class: "dw-sa__gap-score" }, "Score: " + scoreText(p) + "."));
        var next = el("ul", { class: "dw-sa__next" });
        var stories = el("li");
        stories.appendChild(el("a", { href: p.stories ? p.storiesUrl : p.url }, storiesText(p.stories)));
        next.appendChild(stories);
        if (p.toolkit.length) {
          var guides = el("li");
          guides.appendChild(document.createTextNode(p.toolkit.length === 1 ? "Toolkit guide: " : "Toolkit guides: "));
          p.toolkit.forEach(function (guide, index) {
            if (index) guides.appendChild(document.createTextNode(", "));
            guides.appendChild(el("a", { href: guide.url }, guide.title));
          });
          next.appendChild(guides);
        }
        item.appendChild(next);
        gaps.appendChild(item);
      });
      body.appendChild(gaps);
    }

    if (verdict.partly.length) {
      body.appendChild(el("h3", { id: "dw-sa-partly" }, "Partly answered"));
      body.appendChild(el("p", {}, "Answer every statement of these principles to see whether each is a strength or a gap."));
      var partly = el("ul", { class: "dw-sa__partly" });
      verdict.partly.forEach(function (p) {
        var item = el("li", { "data-principle": p.id });
        item.appendChild(el("a", { href: "#dw-sa-" + p.id }, p.name));
        item.appendChild(document.createTextNode(": partly answered, " + partlyText(p) + "."));
        partly.appendChild(item);
      });
      body.appendChild(partly);
    }

    if (verdict.unanswered.length) {
      body.appendChild(el("p", { class: "dw-sa__unanswered" }, "Not answered: " +
        verdict.unanswered.map(function (p) { return p.name; }).join("; ") + "."));
    }
  }

  // ------------------------------------------------------------------ exports --
  // Both files carry the date, what was checked, every answer, note and score, and the result
  // for each principle. The CSV can be compared with a later check on this page.
  var CSV_TITLE = "Doing With self-assessment";
  var CSV_ANSWERS = ["Number", "Principle", "Statement", "Answer", "Score", "Out of", "Notes"];
  var CSV_RESULTS = ["Principle", "Result", "Score", "Out of", "Statements answered"];

  // One CSV cell. Text a spreadsheet would run as a formula (=, +, -, @) starts with ' instead.
  function cell(value) {
    var text = String(value === null || value === undefined ? "" : value);
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function csvText(principles, verdict, work, wording, now, maxScore) {
    var rows = [
      [CSV_TITLE, localDate(now)],
      ["What was checked", work],
      ["Worded for", wording === "service" ? "a service" : "a partnership"],
      ["Summary", summaryText(principles, verdict)],
      [],
      CSV_ANSWERS,
    ];
    principles.forEach(function (p) {
      p.statements.forEach(function (s) {
        rows.push([s.number, p.name, s.text, s.answer || "Not answered", s.score === null ? "" : s.score, maxScore, s.note]);
      });
    });
    rows.push([], CSV_RESULTS);
    principles.forEach(function (p) {
      rows.push([p.name, resultText(p), p.ratio === null ? "" : p.points, p.ratio === null ? "" : p.possible,
        p.answered + " of " + p.statements.length]);
    });
    return rows.map(function (row) { return row.map(cell).join(","); }).join("\r\n") + "\r\n";
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  // An HTML document that Word opens as a document (.doc): headings, a table of results and
  // a table of answers and notes, for a board paper.
  function wordText(principles, verdict, work, now, maxScore) {
    var h = escapeHtml;
    var out = [
      '<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word" lang="en">',
      '<head><meta charset="utf-8"><title>Self-assessment ' + h(localDate(now)) + "</title>",
      "<style>body{font-family:Arial,sans-serif;font-size:11pt}table{border-collapse:collapse;width:100%}" +
        "th,td{border:1px solid #777;padding:4pt;vertical-align:top;text-align:left}</style></head><body>",
      "<h1>Self-assessment against the six principles of co-production</h1>",
      "<p><strong>Date:</strong> " + h(longDate(now)) + "</p>",
    ];
    if (work) out.push("<p><strong>What was checked:</strong> " + h(work) + "</p>");
    out.push("<p>" + h(summaryText(principles, verdict)) + "</p>", "<h2>Results</h2>",
      "<table><tr><th>Principle</th><th>Result</th><th>Score</th></tr>");
    principles.forEach(function (p) {
      var score = p.ratio === null ? "" : p.partly ? partlyText(p) : scoreText(p);
      out.push("<tr><td>" + h(p.name) + "</td><td>" + h(resultText(p)) + "</td><td>" + h(score) + "</td></tr>");
    });
    out.push("</table>", "<h2>Answers and notes</h2>", "<p>Each answer scores from 0 to " + maxScore + ".</p>");
    principles.forEach(function (p) {
      out.push("<h3>" + h(p.number + " " + p.name) + "</h3>",
        "<table><tr><th>Statement</th><th>Answer</th><th>Evidence or notes</th></tr>");
      p.statements.forEach(function (s) {
        out.push("<tr><td>" + h(s.number + " " + s.text) + "</td><td>" + h(s.answer || "Not answered") +
          (s.score === null ? "" : " (" + s.score + ")") + "</td><td>" + h(s.note) + "</td></tr>");
      });
      out.push("</table>");
    });
    out.push("<p>Made in your browser from " + h(new URL(location.pathname, location.href).href) + ". Nothing was sent.</p></body></html>");
    return out.join("\r\n");
  }

  // Rows of a CSV file, quotes and all.
  function parseCsv(text) {
    var rows = [], row = [], value = "", quoted = false;
    text = text.replace(/^\ufeff/, "");
    for (var i = 0; i < text.length; i += 1) {
      var c = text[i];
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') { value += '"'; i += 1; }
        else if (c === '"') quoted = false;
        else value += c;
      } else if (c === '"') quoted = true;
      else if (c === ",") { row.push(value); value = ""; }
      else if (c === "\n" || c === "\r") {
        if (c === "\r" && text[i + 1] === "\n") i += 1;
        row.push(value); rows.push(row); row = []; value = "";
      } else value += c;
    }
    if (value || row.length) { row.push(value); rows.push(row); }
    return rows;
  }

  // An earlier export: its date and each statement's score (null if not answered), or null.
  function readExport(text) {
    var rows = parseCsv(text);
    if (!rows.length || rows[0][0] !== CSV_TITLE) return null;
    var scores = {};
    var inAnswers = false;
    rows.forEach(function (row) {
      if (row.join(",") === CSV_ANSWERS.join(",")) { inAnswers = true; return; }
      if (!row.length || (row.length === 1 && !row[0])) { inAnswers = false; return; }
      if (inAnswers && /^\d+\.\d+$/.test(row[0])) scores[row[0]] = row[4] === "" ? null : Number(row[4]);
    });
    return { date: rows[0][1] || "", scores: scores };
  }

  function download(text, name, type) {
    var url = URL.createObjectURL(new Blob([text], { type: type }));
    var link = el("a", { href: url, download: name, hidden: "" });
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  // The change since an earlier check, principle by principle, scored the same way.
  function drawChange(box, principles, earlier, maxScore) {
    box.textContent = "";
    box.appendChild(el("h3", { id: "dw-sa-change", tabindex: "-1" }, "Change since " + earlier.date));
    var table = el("table");
    table.appendChild(el("caption", {}, "Each principle then and now: the score of its answered statements"));
    var head = el("tr");
    ["Principle", "Then", "Now", "Change"].forEach(function (name) { head.appendChild(el("th", { scope: "col" }, name)); });
    table.appendChild(el("thead")).appendChild(head);
    var rows = table.appendChild(el("tbody"));
    principles.forEach(function (p) {
      var then = { points: 0, answered: 0 };
      p.statements.forEach(function (s) {
        var score = earlier.scores[s.number];
        if (typeof score === "number" && !isNaN(score)) { then.points += score; then.answered += 1; }
      });
      function text(points, answered, partly) {
        if (!answered) return "Not answered";
        return points + " of " + answered * maxScore + (partly ? " (partly answered)" : "");
      }
      var change;
      if (!then.answered || !p.answered) change = "Cannot compare";
      else {
        var before = then.points / (then.answered * maxScore), after = p.points / (p.answered * maxScore);
        var diff = Math.round((after - before) * 100);
        change = diff > 0 ? "Up " + diff + " points in 100" : diff < 0 ? "Down " + (-diff) + " points in 100" : "No change";
      }
      var row = el("tr", { "data-principle": p.id });
      row.appendChild(el("th", { scope: "row" }, p.name));
      row.appendChild(el("td", {}, text(then.points, then.answered, then.answered < p.statements.length)));
      row.appendChild(el("td", {}, text(p.points, p.answered, p.partly)));
      row.appendChild(el("td", { "data-dw-sa-change-cell": "" }, change));
      rows.appendChild(row);
    });
    var wrap = el("div", { class: "dw-sa__table-wrap" });
    wrap.appendChild(table);
    box.appendChild(wrap);
  }

  // ------------------------------------------------------------------ the page --
  var KEY = "doingwith-self-assessment";

  function setUp() {
    var root = document.querySelector("[data-dw-self-assessment]");
    if (!root) return;
    var maxScore = Number(root.getAttribute("data-max-score")) || 3;
    var results = root.querySelector("[data-dw-sa-results]");
    var body = root.querySelector("[data-dw-sa-results-body]");
    var heading = results.querySelector("h2");
    var status = root.querySelector("[data-dw-sa-status]");
    var work = root.querySelector("#dw-sa-work");
    var wordingBox = root.querySelector("[data-dw-sa-wording]");
    var changeBox = root.querySelector("[data-dw-sa-change]");
    var importer = root.querySelector("[data-dw-sa-import]");
    var service = [];
    try { service = JSON.parse(root.getAttribute("data-service-wording") || "[]"); } catch (error) { service = []; }
    var earlier = null;

    root.querySelector("[data-dw-sa-nojs]").hidden = true;
    root.querySelector("[data-dw-sa-actions]").hidden = false;
    wordingBox.hidden = false;

    // The statements as written (for a partnership), and as they read for a service.
    var words = Array.prototype.map.call(root.querySelectorAll(".dw-sa__words"), function (span) {
      return { span: span, partnership: span.textContent };
    });
    function wording() {
      var checked = root.querySelector("input[name=dw-sa-wording]:checked");
      return checked ? checked.value : "partnership";
    }
    function applyWording() {
      var forService = wording() === "service";
      words.forEach(function (w) {
        var text = w.partnership;
        if (forService) service.forEach(function (pair) { text = text.split(pair[0]).join(pair[1]); });
        w.span.textContent = text;
      });
    }

    function current() {
      var principles = collect(root, maxScore);
      return { principles: principles, verdict: judge(principles) };
    }

    function show() {
      var now = current();
      drawResults(body, now.principles, now.verdict, maxScore);
      if (earlier) drawChange(changeBox, now.principles, earlier, maxScore);
      results.hidden = false;
      return now;
    }

    // Kept in this browser until cleared.
    function save() {
      var state = { work: work.value, wording: wording(), answers: {}, notes: {} };
      Array.prototype.forEach.call(root.querySelectorAll("fieldset[data-statement]"), function (group) {
        var name = group.getAttribute("data-statement");
        var checked = group.querySelector("input[type=radio]:checked");
        var note = group.querySelector("textarea");
        if (checked) state.answers[name] = checked.value;
        if (note && note.value) state.notes[name] = note.value;
      });
      try { localStorage.setItem(KEY, JSON.stringify(state)); } catch (error) { /* storage off: answers stay in the page */ }
    }
    function restore() {
      var state = null;
      try { state = JSON.parse(localStorage.getItem(KEY) || "null"); } catch (error) { state = null; }
      if (!state) return false;
      work.value = state.work || "";
      var choice = root.querySelector("input[name=dw-sa-wording][value=" + (state.wording === "service" ? "service" : "partnership") + "]");
      if (choice) choice.checked = true;
      Array.prototype.forEach.call(root.querySelectorAll("fieldset[data-statement]"), function (group) {
        var name = group.getAttribute("data-statement");
        var answer = (state.answers || {})[name];
        var radio = answer !== undefined ? group.querySelector("input[type=radio][value='" + Number(answer) + "']") : null;
        if (radio) radio.checked = true;
        var note = group.querySelector("textarea");
        if (note) note.value = (state.notes || {})[name] || "";
      });
      return true;
    }

    root.querySelector("[data-dw-sa-show]").addEventListener("click", function () {
      var now = show();
      heading.focus();
      // Said once, when asked for; later changes redraw the results quietly.
      status.textContent = "";
      setTimeout(function () { status.textContent = "Results ready. " + summaryText(now.principles, now.verdict); }, 100);
    });
    root.addEventListener("change", function (event) {
      if (event.target.name === "dw-sa-wording") applyWording();
      if (event.target === importer) return;
      save();
      if (!results.hidden && event.target.type === "radio") show();
    });
    root.addEventListener("input", function (event) {
      if (event.target.tagName === "TEXTAREA" || event.target === work) save();
    });
    root.querySelector("[data-dw-sa-clear]").addEventListener("click", function () {
      try { localStorage.removeItem(KEY); } catch (error) { /* nothing kept */ }
      Array.prototype.forEach.call(root.querySelectorAll("input[type=radio]:checked"), function (radio) { radio.checked = false; });
      Array.prototype.forEach.call(root.querySelectorAll("textarea"), function (note) { note.value = ""; });
      work.value = "";
      root.querySelector("#dw-sa-wording-partnership").checked = true;
      applyWording();
      earlier = null;
      changeBox.textContent = "";
      results.hidden = true;
      status.textContent = "Your answers and notes have been cleared from this page and this browser.";
    });
    root.querySelector("[data-dw-sa-print]").addEventListener("click", function () { window.print(); });
    root.querySelector("[data-dw-sa-csv]").addEventListener("click", function () {
      var now = current();
      var date = new Date();
      download("\ufeff" + csvText(now.principles, now.verdict, clean(work.value), wording(), date, maxScore),
        "self-assessment-" + localDate(date) + ".csv", "text/csv;charset=utf-8");
    });
    root.querySelector("[data-dw-sa-word]").addEventListener("click", function () {
      var now = current();
      var date = new Date();
      download(wordText(now.principles, now.verdict, clean(work.value), date, maxScore),
        "self-assessment-" + localDate(date) + ".doc", "application/msword");
    });
    importer.addEventListener("change", function () {
      var file = importer.files && importer.files[0];
      if (!file) return;
      var reader = new FileReader();
      reader.onload = function () {
        var read = readExport(String(reader.result));
        if (!read) {
          changeBox.textContent = "";
          changeBox.appendChild(el("p", { class: "dw-sa__import-error", role: "alert" },
            "That file is not a CSV saved from this self-assessment, so it cannot be compared. Choose a file saved with \u201cSave as CSV\u201d."));
          return;
        }
        earlier = read;
        show();
        changeBox.querySelector("h3").focus();
      };
      reader.readAsText(file);
    });

    if (restore()) {
      applyWording();
      status.textContent = "Your answers and notes from before are back. They are kept in this browser until you clear them.";
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
