// Doing With: the self-assessment against the six principles.
// Without this file the page is a printable checklist. With it, answers are scored
// in the page, and the results show strengths and gaps, with where to go for help
// on each gap; they can be printed or saved as a file. Nothing is stored
// (no cookies, no localStorage) and nothing is sent anywhere.
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
        var legend = group.querySelector("legend").cloneNode(true);
        var prefix = legend.querySelector(".dw-sa__number");
        if (prefix) prefix.remove();
        var checked = group.querySelector("input[type=radio]:checked");
        var label = checked ? checked.closest("label") : null;
        return {
          number: number ? clean(number.textContent) : "",
          text: clean(legend.textContent),
          score: checked ? Number(checked.value) : null,
          answer: label ? clean(label.textContent) : "",
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
    var answered = principles.filter(function (p) { return p.ratio !== null; });
    return {
      strengths: sortBy(answered.filter(function (p) { return p.ratio >= STRENGTH_FROM; }), -1),
      gaps: sortBy(answered.filter(function (p) { return p.ratio < STRENGTH_FROM; }), 1),
      unanswered: principles.filter(function (p) { return p.ratio === null; }),
    };
  }

  function resultText(p) {
    return p.ratio >= STRENGTH_FROM ? "Strength" : "Gap";
  }

  function scoreText(p) {
    return p.points + " of " + p.possible;
  }

  function summaryText(principles, verdict) {
    var total = 0, answered = 0;
    principles.forEach(function (p) { total += p.statements.length; answered += p.answered; });
    if (!answered) return "You have not answered any statements yet. Choose an answer for at least one statement.";
    return "You answered " + answered + " of " + total + " statements: " +
      plural(verdict.strengths.length, "strength") + " and " + plural(verdict.gaps.length, "gap") + ".";
  }

  function storiesText(count) {
    return count ? "Read the " + plural(count, "story", "stories") + " that show it" : "No stories show it yet: see the principle";
  }

  function drawResults(body, principles, verdict, maxScore) {
    body.textContent = "";
    body.appendChild(el("p", { class: "dw-sa__summary" }, summaryText(principles, verdict)));
    if (!verdict.strengths.length && !verdict.gaps.length) return;

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

    if (verdict.unanswered.length) {
      body.appendChild(el("p", { class: "dw-sa__unanswered" }, "Not answered: " +
        verdict.unanswered.map(function (p) { return p.name; }).join("; ") + "."));
    }
  }

  // The saved file: plain text that anyone can open, with the date, the results and every answer.
  function fileText(principles, verdict, work, now) {
    function absolute(href) { return new URL(href, location.href).href; }
    var lines = [
      "Doing With: self-assessment against the six principles of co-production",
      "Date: " + longDate(now),
    ];
    if (work) lines.push("What was checked: " + work);
    lines.push("", summaryText(principles, verdict), "", "RESULTS", "");
    principles.forEach(function (p) {
      var result = p.ratio === null ? "not answered" : scoreText(p) + " (" + resultText(p).toLowerCase() + ")";
      lines.push(p.name + ": " + result);
    });
    if (verdict.gaps.length) {
      lines.push("", "GAPS TO WORK ON, LOWEST SCORE FIRST", "");
      verdict.gaps.forEach(function (p) {
        lines.push(p.name + ": " + scoreText(p));
        lines.push("  The principle and its " + plural(p.stories, "story", "stories") + ": " + absolute(p.url));
        p.toolkit.forEach(function (guide) { lines.push("  Toolkit guide: " + guide.title + ": " + absolute(guide.url)); });
        lines.push("");
      });
    } else {
      lines.push("");
    }
    lines.push("ANSWERS", "");
    principles.forEach(function (p) {
      lines.push(p.number + " " + p.name);
      p.statements.forEach(function (s) {
        lines.push("  " + s.number + " " + s.text);
        lines.push("      Answer: " + (s.answer || "not answered"));
      });
      lines.push("");
    });
    lines.push("Nothing was stored or sent: this file was made in your browser.", "From " + absolute(location.pathname));
    return lines.join("\r\n") + "\r\n";
  }

  function download(text, name) {
    var url = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
    var link = el("a", { href: url, download: name, hidden: "" });
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  function setUp() {
    var root = document.querySelector("[data-dw-self-assessment]");
    if (!root) return;
    var maxScore = Number(root.getAttribute("data-max-score")) || 3;
    var results = root.querySelector("[data-dw-sa-results]");
    var body = root.querySelector("[data-dw-sa-results-body]");
    var heading = results.querySelector("h2");
    var status = root.querySelector("[data-dw-sa-status]");
    var work = root.querySelector("#dw-sa-work");

    root.querySelector("[data-dw-sa-nojs]").hidden = true;
    root.querySelector("[data-dw-sa-actions]").hidden = false;

    function current() {
      var principles = collect(root, maxScore);
      return { principles: principles, verdict: judge(principles) };
    }

    function show() {
      var now = current();
      drawResults(body, now.principles, now.verdict, maxScore);
      results.hidden = false;
      return now;
    }

    root.querySelector("[data-dw-sa-show]").addEventListener("click", function () {
      var now = show();
      heading.focus();
      // Said once, when asked for; later changes redraw the results quietly.
      status.textContent = "";
      setTimeout(function () { status.textContent = "Results ready. " + summaryText(now.principles, now.verdict); }, 100);
    });
    root.addEventListener("change", function (event) {
      if (!results.hidden && event.target.type === "radio") show();
    });
    root.querySelector("[data-dw-sa-print]").addEventListener("click", function () { window.print(); });
    root.querySelector("[data-dw-sa-save]").addEventListener("click", function () {
      var now = current();
      var date = new Date();
      download(fileText(now.principles, now.verdict, clean(work.value), date), "self-assessment-" + localDate(date) + ".txt");
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
