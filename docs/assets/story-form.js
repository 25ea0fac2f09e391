// Doing With: the "Share your story" form (docs/share/form.md).
//
// The fields and their choices are built from the published story schema and vocabularies
// (docs/schema/*.json, generated from doingwith/schema.py), so they can never drift from the
// checker. The answers are checked here with the checker's own rules and wording
// (doingwith/schema.py, doingwith/body_rules.py), and the story file is written in the layout
// of doingwith/new_story.py render(). Nothing is sent anywhere: the only requests are for
// those JSON files on this site. A draft of the answers is kept in this browser's
// localStorage as the reader types, until "Clear this draft". Contributors see the checker's
// rules in plain words (plain()); the rule functions themselves match the checker exactly.
// User text only ever reaches the page through textContent.
(function () {
  "use strict";

  var form = document.querySelector("form[data-dw-story-form]");
  if (!form) return;

  var MAX_FILE_BYTES = 100000; // doingwith/frontmatter.py MAX_FILE_BYTES
  var MAX_SLUG_LENGTH = 80; // doingwith/content.py MAX_SLUG_LENGTH
  var MAX_GITHUB_URL = 8000; // GitHub refuses much longer addresses
  var MAX_LINE_LENGTH = 5000; // doingwith/body_rules.py MAX_LINE_LENGTH
  var MAX_LIST_MARKERS = 20; // doingwith/body_rules.py MAX_LIST_MARKERS
  var MAX_INDENT = 100; // doingwith/body_rules.py MAX_INDENT
  var MAX_EMPHASIS_RUN = 100; // doingwith/body_rules.py MAX_EMPHASIS_RUN
  var RESERVED_SLUGS = ["index", "media", "files"]; // doingwith/content.py RESERVED_SLUGS

  // ------------------------------------------------------------------ the rules --
  // Same patterns as doingwith/schema.py and doingwith/body_rules.py. Python's \s is Unicode
  // whitespace as str.isspace() has it, which is not JavaScript's \s (that adds U+FEFF and
  // lacks U+001C to U+001F and U+0085): py() writes each \s of a pattern as Python's.
  var PY_SPACE = "\\t\\n\\x0b\\x0c\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
  function py(source, flags) {
    var out = "";
    var inClass = false;
    for (var i = 0; i < source.length; i += 1) {
      var c = source[i];
      if (c === "\\") {
        var next = source[i + 1];
        out += next === "s" ? (inClass ? PY_SPACE : "[" + PY_SPACE + "]") : next === "S" ? "[^" + PY_SPACE + "]" : c + next;
        i += 1;
        continue;
      }
      if (c === "[" && !inClass) inClass = true;
      else if (c === "]" && inClass) inClass = false;
      out += c;
    }
    return new RegExp(out, flags);
  }
  // Python's str.isspace(), exactly.
  var SPACE = py("\\s");
  var SPACES = py("\\s+", "g");
  // Python's str.strip().
  function strip(value) {
    return String(value || "").replace(py("^\\s+|\\s+$", "g"), "");
  }
  // doingwith/frontmatter.py INVISIBLE: characters the checker refuses anywhere in a file.
  var INVISIBLE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/;
  var LINE_BREAKS = "\x85\u2028\u2029";
  var JINJA = /\{[{%#]/;
  var HTML_TAG = py("<\\s*\\/?\\s*[A-Za-z!?][^>]*>|<\\s*\\/?\\s*[A-Za-z][A-Za-z0-9-]*(?=[\\s/>]|$)");
  var PLACEHOLDER = /\[\[.*?\]\]/s; // Python's . takes all but \n: so does JavaScript's with s
  var EMAIL = py("^[^@\\s<>]+@[^@\\s<>]+\\.[A-Za-z]{2,}$");
  // body_rules.FENCE: Python's \w is a letter, a digit or _, in any script.
  var FENCE = /^(`{3,}|~{3,}) *(?:\.?[\p{L}\p{N}_#.+-]* *)?$/u;
  var HEADING = /^(#{1,6})[ \t]+(.*)$/s;
  var BODY_HTML = py("<(?:!--|!\\[CDATA\\[|![A-Za-z]|\\?|\\/?[A-Za-z][A-Za-z0-9-]*(?=[\\s/>]|$))", "g");
  var AUTOLINK = py("<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\\s]*|[^<>\\s@]+@[^<>\\s@]+)>", "g");
  // The target is m[3] when written in <...>, which may hold spaces, and m[4] otherwise.
  var LINK = py("(!?)\\[([^\\]]*)\\]\\(\\s*(?:<([^<>\\n]*)>|<?([^)\\s>]*)>?)(?:\\s+[\"'(][^)]*[\"')])?\\s*\\)", "g");
  // What comes between "(" and a link's target: spaces as Python's \s has them, and a "<".
  var LINK_TARGET_START = py("^\\s*<?");
  // As body_rules.REFERENCE_DEFINITION and DEFINITION_ADDRESS, with what comes before the
  // address captured too: m[1] and m[2] ("<" or ""), then the address, m[3] (for a definition,
  // undefined when it is on the next line).
  var REFERENCE_DEFINITION = py("^( {0,3}\\[([^\\[\\]]*)\\]: *)(?:(<?)(\\S+?)>? *(?:([\"']).*\\5 *|\\(.*\\) *)?)?$", "s");
  var DEFINITION_ADDRESS = py("^( *)(<?)(\\S+?)>? *(?:([\"']).*\\4 *|\\(.*\\) *)?$", "s");
  // As body_rules.REFERENCE_LINK: [text][label], [text][] or [text], a link where [label]: is defined.
  var REFERENCE_LINK = py("(?<![!\\\\\\]])\\[([^\\[\\]]+)\\](?:\\s?\\[([^\\[\\]]*)\\])?(?![(:])", "g");
  // Python's \d is any decimal digit, as \p{Nd}.
  var LIST_MARKERS = /^(?:[ \t]*(?:[-*+]|\p{Nd}+[.)])[ \t]+)+/u;
  var LIST_MARKER = /(?:[-*+]|\p{Nd}+[.)])[ \t]+/gu;
  var THEMATIC_BREAK = /^ {0,3}(?=((?:-+ {0,2}){3,}|(?:_+ {0,2}){3,}|(?:\*+ {0,2}){3,}))\1 *$/;
  var BLOCKQUOTE = /^(?: {0,3}> ?)+/;
  var BLANK = py("^\\s+$"); // Python's str.isspace()
  var MAX_BRACKETS = 200; // doingwith/body_rules.py MAX_BRACKETS
  var VAGUE_LINK_TEXT = [
    "click here", "here", "read more", "more", "click", "this link", "link", "this page",
    "this", "learn more", "find out more",
  ];

  // Hints for the five sections (the prompts of `python -m doingwith new-story`).
  var SECTION_HINTS = {
    "What happened": "Describe what happened, in plain words: the problem or opportunity, and what people did about it.",
    "Who was involved and how": "Who took part: residents, groups, services. How did each shape the work, and how were people supported to take part?",
    "What changed": "What was different afterwards, for people, for services, for the partnership? Say how you know.",
    "What we learned": "What would you tell another partnership trying this? What would you do differently?",
    "Find out more": "Links to public pages about this work. Write each link as [what the page is](https://its-address): a bare web address is shown as plain text.",
  };

  // Python's " ".join(value.split()).
  function collapse(value) {
    return String(value || "").split(SPACES).filter(Boolean).join(" ");
  }

  // Python's len(): characters, not UTF-16 code units.
  function length(value) {
    return Array.from(value).length;
  }

  // Python's text[start:start + count]: characters, not UTF-16 code units.
  // schema.quote_placeholder: a placeholder quoted whole if short, else cut at a word with "…".
  var PLACEHOLDER_QUOTE_LENGTH = 80;
  function quotePlaceholder(text) {
    var chars = Array.from(text);
    if (chars.length <= PLACEHOLDER_QUOTE_LENGTH) return text;
    var kept = chars.slice(0, PLACEHOLDER_QUOTE_LENGTH - 1).join("");
    if (chars.slice(2, PLACEHOLDER_QUOTE_LENGTH - 1).indexOf(" ") >= 0) kept = kept.slice(0, kept.lastIndexOf(" "));
    return kept.replace(/[ ,;:.\-]+$/, "") + "\u2026";
  }

  function cut(text, start, count) {
    var before = Array.from(text.slice(0, start)).length;
    return Array.from(text).slice(before, before + count).join("");
  }

  // problems.printable: a control, separator or bidirectional character quoted in a message is
  // shown escaped (\x04, \u202e), so it cannot reorder or break the message around it.
  function printable(text) {
    return text.replace(/[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, function (c) {
      var code = c.charCodeAt(0);
      var named = { 9: "\\t", 10: "\\n", 13: "\\r" }[code];
      if (named) return named;
      return code < 0x100 ? "\\x" + ("0" + code.toString(16)).slice(-2) : "\\u" + code.toString(16);
    });
  }

  // Python's f"{n:,}".
  function thousands(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }

  // schema.check_free_text's rule on invisible characters (doingwith/frontmatter.py INVISIBLE).
  function invisibleProblem(name, value) {
    var found = INVISIBLE.exec(value);
    if (!found) return null;
    var code = found[0].charCodeAt(0).toString(16).toUpperCase();
    return name + " has an invisible control character (U+" + ("000" + code).slice(-4) + ") in it; " +
      "it can make text display differently from what it says, so delete it";
  }

  function freeTextProblems(name, value) {
    var problems = [];
    var invisible = invisibleProblem(name, value);
    if (invisible) problems.push(invisible);
    var jinja = JINJA.exec(value);
    if (jinja) {
      problems.push(name + " contains " + jinja[0] + ", which is template syntax; stories and resources never run templates, so remove it");
    }
    var tag = HTML_TAG.exec(value);
    if (tag) problems.push(name + " contains HTML (" + strip(tag[0]) + "); write plain text without < and >");
    var placeholder = PLACEHOLDER.exec(value);
    if (placeholder) problems.push(name + " still has placeholder text " + quotePlaceholder(placeholder[0]) + "; replace it with your own words");
    return problems;
  }

  // schema.Text.check, for text the form writes in quotes (so YAML never reads it as a number).
  function textProblems(name, value, rule) {
    if (!value) return [name + " is empty; plain text, " + rule.min + " to " + rule.max + " characters"];
    var problems = freeTextProblems(name, value);
    if (problems.length) return problems;
    var count = length(value);
    if (count < rule.min || count > rule.max) {
      return [name + " is " + count + " characters long; it must be " + rule.min + " to " + rule.max];
    }
    return [];
  }

  // ipaddress.ip_address(text) in Python would read it as an IPv6 address (IPv4 is refused in
  // brackets), with an optional %zone.
  function isIPv6(text) {
    var zone = text.indexOf("%");
    if (zone >= 0) {
      var id = text.slice(zone + 1);
      if (!id || id.indexOf("%") >= 0) return false;
      text = text.slice(0, zone);
    }
    var parts = text.split(":");
    if (parts.length < 3) return false;
    var last = parts[parts.length - 1];
    if (last.indexOf(".") >= 0) {
      var octets = last.split(".");
      if (octets.length !== 4 || !octets.every(function (o) {
        return /^[0-9]{1,3}$/.test(o) && +o <= 255 && !(o.length > 1 && o[0] === "0");
      })) return false;
      parts.pop();
      parts.push("0", "0");
    }
    if (parts.length > 9) return false;
    var skip = null;
    for (var i = 1; i < parts.length - 1; i += 1) {
      if (!parts[i]) { if (skip !== null) return false; skip = i; }
    }
    var hi, lo;
    if (skip !== null) {
      hi = skip; lo = parts.length - skip - 1;
      if (!parts[0]) { hi -= 1; if (hi) return false; }
      if (!parts[parts.length - 1]) { lo -= 1; if (lo) return false; }
      if (hi + lo >= 8) return false;
    } else {
      if (parts.length !== 8) return false;
      hi = parts.length; lo = 0;
    }
    var hextets = parts.slice(0, hi).concat(lo ? parts.slice(parts.length - lo) : []);
    return hextets.every(function (h) { return /^[0-9a-fA-F]{1,4}$/.test(h); });
  }

  // urllib.parse.urlsplit (Python 3.11) as far as url_problem uses it; null where it raises
  // ValueError (an unclosed [, a bracketed host that is not IPv6, a netloc that NFKC turns
  // into one with / ? # @ or :).
  function urlsplit(value) {
    var url = value.replace(/^[\x00-\x20]+/, "").replace(/[\t\r\n]/g, "");
    var scheme = "";
    var colon = url.indexOf(":");
    if (colon > 0 && /^[A-Za-z][A-Za-z0-9+.-]*$/.test(url.slice(0, colon))) {
      scheme = url.slice(0, colon).toLowerCase();
      url = url.slice(colon + 1);
    }
    var netloc = "";
    if (url.slice(0, 2) === "//") {
      var end = url.slice(2).search(/[/?#]/);
      netloc = end < 0 ? url.slice(2) : url.slice(2, end + 2);
      url = end < 0 ? "" : url.slice(end + 2);
      var open = netloc.indexOf("[") >= 0, close = netloc.indexOf("]") >= 0;
      if (open !== close) return null;
      if (open) {
        var bracketed = netloc.slice(netloc.indexOf("[") + 1).split("]")[0];
        if (bracketed[0] === "v" ? !/^v[a-fA-F0-9]+\.[^]+$/.test(bracketed) : !isIPv6(bracketed)) return null;
      }
    }
    url = url.split("#")[0].split("?")[0];
    if (/[^\x00-\x7f]/.test(netloc)) {
      var n = netloc.replace(/[@:#?]/g, "");
      var normal = n.normalize("NFKC");
      if (n !== normal && /[/?#@:]/.test(normal)) return null;
    }
    var hostinfo = netloc.slice(netloc.lastIndexOf("@") + 1);
    var at = hostinfo.indexOf("[");
    var host = at >= 0 ? hostinfo.slice(at + 1).split("]")[0] : hostinfo.split(":")[0];
    var pct = host.indexOf("%");
    host = pct >= 0 ? host.slice(0, pct).toLowerCase() + host.slice(pct) : host.toLowerCase();
    return { scheme: scheme, netloc: netloc, hostname: host, path: url };
  }

  var PLAIN_WEB_ADDRESS = /^([A-Za-z]+):\/\/[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?=[/?#]|$)/;
  var HOST_CHARACTER = /^[\p{L}\p{N}.-]$/u; // Python's c.isalnum() or c in ".-"

  // schema.url_problem
  function urlProblem(value, schemes) {
    schemes = schemes || ["https", "http", "mailto"];
    if (!value) return "the web address is empty; write the full address, starting https://";
    if (SPACE.test(value)) return "'" + value + "' is not a web address: it has spaces in it; remove them, or write each space as %20";
    var plainAddress = PLAIN_WEB_ADDRESS.exec(value);
    var plainScheme = plainAddress && plainAddress[1].toLowerCase();
    if (plainAddress && schemes.indexOf(plainScheme) >= 0 && (plainScheme === "http" || plainScheme === "https")) return null;
    var parts = urlsplit(value);
    if (!parts) {
      return "'" + value + "' is not a well-formed web address: the part after :// has a [ or ] that " +
        "does not belong there; copy the address again from the browser's address bar";
    }
    if (schemes.indexOf(parts.scheme) < 0) {
      if (!parts.scheme) return "'" + value + "' is not a full web address; start it with https://";
      return "links starting " + parts.scheme + ": are not allowed; use " +
        schemes.map(function (s) { return s + ":"; }).join(", ");
    }
    if (parts.scheme === "mailto") {
      return EMAIL.test(parts.path) ? null : "'" + value + "' is not a valid email link; write mailto:name@example.org";
    }
    return hostProblem(value, parts.scheme, parts.hostname, parts.netloc);
  }

  // schema._host_problem
  function hostProblem(value, scheme, host, netloc) {
    if (!host) return "'" + value + "' has no host name after " + scheme + "://; write the full address, such as " + scheme + "://example.org/page";
    if (host[host.length - 1] === ".") {
      var trimmed = netloc.replace(/\.+(?=(?::\p{Nd}*)?$)/u, "");
      var fixed = value.replace(netloc, function () { return trimmed; });
      return "the host name in '" + value + "' ends with a dot; remove the dot: " + fixed;
    }
    var labels = host.split(".");
    if (labels.length < 2) return "'" + value + "' is not a well-formed web address; check the part after " + scheme + "://";
    if (labels.indexOf("") >= 0) {
      return "the host name '" + host + "' in '" + value + "' has two dots together or starts with a dot; remove the extra dot";
    }
    var bad = Array.from(host).filter(function (c) { return !HOST_CHARACTER.test(c); })[0];
    if (bad !== undefined) {
      return "the host name '" + host + "' in '" + value + "' has a character (" + bad + ") a host name cannot have; " +
        "copy the address again from the browser's address bar";
    }
    return null;
  }

  // dt.date(year, month, day) would accept it.
  function isRealDate(value) {
    var parts = value.split("-").map(Number).concat([1, 1]);
    var year = parts[0], month = parts[1], day = parts[2];
    var leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    var days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
    return year >= 1 && days !== undefined && day >= 1 && day <= days;
  }

  // schema.PartialDate.check
  function partialDateProblems(name, value, pattern, ongoingHint) {
    if (!pattern.test(value)) {
      return [name + ": '" + value + "' is not a year or date; write YYYY, YYYY-MM or YYYY-MM-DD" + (ongoingHint || "")];
    }
    if (value !== "ongoing" && !isRealDate(value)) return [name + ": " + value + " is not a real date; check the month and day"];
    return [];
  }

  // Blank out `inline code` so its contents are not taken for markup: the same spans as
  // body_rules.CODE_SPAN, (?<![`\\])(`+)(?!`)(.+?)(?<!`)\1(?!`), found without a look-behind.
  function blankCodeSpans(line) {
    var out = line.split("");
    var i = 0;
    while (i < line.length) {
      if (line[i] !== "`" || (i > 0 && (line[i - 1] === "`" || line[i - 1] === "\\"))) { i += 1; continue; }
      var run = 0;
      while (line[i + run] === "`") run += 1;
      var ticks = line.substr(i, run);
      var close = line.indexOf(ticks, i + run + 1);
      // The closing run is just as long: no backtick right before it or right after it.
      while (close >= 0 && (line[close - 1] === "`" || line[close + run] === "`")) close = line.indexOf(ticks, close + 1);
      if (close < 0) { i += run; continue; }
      for (var k = i; k < close + run; k += 1) out[k] = " ";
      i = close + run;
    }
    return out.join("");
  }

  function allMatches(pattern, text) {
    var found = [];
    var match;
    pattern.lastIndex = 0;
    while ((match = pattern.exec(text)) !== null) {
      found.push(match);
      if (match[0] === "") pattern.lastIndex += 1;
    }
    return found;
  }

  // body_rules.check_body, for the text of one section (which follows its own ## heading).
  // ``labels`` holds the reference definitions ([label]: https://...) of every section: the
  // file is one body, so a link in one part may take its address from another.
  function bodyProblems(text, sections, labels) {
    labels = labels || {};  // one text alone: its own [label]: lines
    var referenceLinks = [];
    var problems = [];
    function add(line, col, message) {
      // Columns in characters, as Python counts them, not UTF-16 code units.
      col = Array.from(lines[line - 1].slice(0, col - 1)).length + 1;
      problems.push({ line: line, col: col, message: message });
    }
    var inFence = null;
    var nextLineLabel = null; // a [label]: line whose address may be on the next line
    var block = []; // [line, text] of the paragraph, list item or heading being read
    function endBlock() {
      blockLinkProblems(block, add);
      block = [];
    }
    var brackets = 0; // [ in this paragraph
    var bracketsTold = false;
    var previous = 2;
    var lines = text.split("\n");
    lines.forEach(function (raw, index) {
      var lineNo = index + 1;
      var defining = nextLineLabel;
      nextLineLabel = null;
      var count = length(raw);
      if (count > MAX_LINE_LENGTH) {
        add(lineNo, 1, "this line is " + thousands(count) + " characters long, over the limit of " +
          thousands(MAX_LINE_LENGTH) + "; break it into shorter paragraphs");
        endBlock();
        return;
      }
      if (!raw || BLANK.test(raw)) { brackets = 0; bracketsTold = false; endBlock(); }  // a blank line ends a paragraph
      if (inFence) {
        if (raw.replace(/ +$/, "") === inFence) inFence = null;
        return;
      }
      var fence = raw && "`~".indexOf(raw[0]) >= 0 ? FENCE.exec(raw) : null;
      if (fence) { inFence = fence[1]; endBlock(); return; }
      if (/^[ \t\-*+>\p{Nd}]/u.test(raw)) {
        nestingProblems(/^ *>/.test(raw) ? raw.replace(BLOCKQUOTE, "") : raw, lineNo, add);
      }
      if (raw.indexOf("[") >= 0) {
        brackets += raw.split("[").length - 1;
        if (brackets > MAX_BRACKETS && !bracketsTold) {
          bracketsTold = true;
          add(lineNo, 1, "this paragraph has over " + MAX_BRACKETS + " [ brackets; Markdown takes minutes over so many, " +
            "so split it, or take some out");
        }
      }
      var invisible = INVISIBLE.exec(raw);
      if (invisible) {
        // doingwith/frontmatter.py: every invisible character, wherever it is in the file.
        allMatches(new RegExp(INVISIBLE.source, "g"), raw).forEach(function (m) {
          var code = "U+" + ("000" + m[0].charCodeAt(0).toString(16).toUpperCase()).slice(-4);
          add(lineNo, m.index + 1, LINE_BREAKS.indexOf(m[0]) >= 0
            ? "a hidden line-break character (" + code + ") is here; replace it with an ordinary line break or a space"
            : "an invisible control character (" + code + ") is here; it can make text display differently from what it says, so delete it");
        });
      }
      var line = raw.indexOf("`") >= 0 ? blankCodeSpans(raw) : raw;
      // body_rules.EMPHASIS_RUN: more * or _ in a row than Markdown can nest.
      allMatches(new RegExp("[*_]{" + (MAX_EMPHASIS_RUN + 1) + ",}", "g"), line).forEach(function (m) {
        add(lineNo, m.index + 1, thousands(m[0].length) + " * or _ in a row, over the limit of " + MAX_EMPHASIS_RUN +
          "; for a dividing line, put --- on a line of its own");
      });
      if (line.indexOf("{") >= 0) {
        allMatches(new RegExp(JINJA.source, "g"), line).forEach(function (m) {
          add(lineNo, m.index + 1, m[0] + " is template syntax, which never runs in stories, resources or learning notes; " +
            "remove it, or put it in `backticks` if you are showing code");
        });
      }
      if (line.indexOf("[[") >= 0) {
        allMatches(new RegExp(PLACEHOLDER.source, "gs"), line).forEach(function (m) {
          add(lineNo, m.index + 1, "placeholder text still here: replace " + quotePlaceholder(m[0]) + " with your own words");
        });
      }
      if (line.indexOf("<") >= 0) angleBracketProblems(line, lineNo, add);
      var heading = HEADING.exec(line);
      if (heading) {
        var level = heading[1].length;
        var title = strip(heading[2].replace(/[ \t]+$/, "").replace(/#+$/, ""));
        if (level === 1) {
          add(lineNo, 1, "a # heading is not allowed in the body: the page title comes from `title:`; start headings at ##");
        } else if (level > previous + 1) {
          add(lineNo, 1, "heading level jumps from " + "#".repeat(previous) + " to " + "#".repeat(level) +
            "; use " + "#".repeat(previous + 1) + " so headings stay in order");
        } else if (level === 2 && sections.some(function (s) { return s.toLowerCase() === title.toLowerCase(); })) {
          add(lineNo, 1, "'## " + title + "' is one of the five sections, which the form adds for you; " +
            "write that part in its own box, or give this heading another name");
        }
        previous = Math.max(level, 2);
      }
      // A link's text and address may run over the lines of its block, but not past a heading
      // or into the next list item.
      if (raw && !BLANK.test(raw)) {
        if (heading || LIST_MARKERS.test(raw)) endBlock();
        block.push([lineNo, line]);
        if (heading) endBlock();
      }
      var definition = REFERENCE_DEFINITION.exec(line);
      var address = defining !== null && !definition ? DEFINITION_ADDRESS.exec(line) : null;
      if (definition && definition[4] === undefined) {
        nextLineLabel = definition[2];
      } else if (definition || address) {
        labels[strip(address ? defining : definition[2]).toLowerCase()] = true;
        var found = address ? [address[1], address[2], address[3]] : [definition[1], definition[3], definition[4]];
        var problem = urlProblem(found[2]);
        if (problem) add(lineNo, found[0].length + found[1].length + 1, problem);
      } else if (line.indexOf("]") >= 0) {
        allMatches(REFERENCE_LINK, line).forEach(function (m) {
          // [text][] and [text] use the text as their label.
          referenceLinks.push({ line: lineNo, col: m.index + 1, text: m[1], label: m[2] || m[1] });
        });
      }
    });
    endBlock();
    referenceLinks.forEach(function (link) {
      var label = strip(link.label).replace(py("\\s+", "g"), " ").toLowerCase();
      if (Object.prototype.hasOwnProperty.call(labels, label)) linkTextProblems(link.text, link.line, link.col, add);
    });
    if (inFence) {
      add(lines.length, 1, "a code block opened with " + inFence + " is never closed; add a closing " + inFence + " line");
    }
    return problems.sort(function (a, b) { return a.line - b.line || a.col - b.col; });
  }

  // body_rules._check_nesting
  function nestingProblems(raw, lineNo, add) {
    var indent = 0;
    for (var i = 0; i < raw.length && (raw[i] === " " || raw[i] === "\t"); i += 1) {
      indent = raw[i] === " " ? indent + 1 : indent + 4 - (indent % 4);
    }
    if (indent > MAX_INDENT) {
      add(lineNo, 1, "this line is indented " + indent + " spaces, over the limit of " + MAX_INDENT + "; indent it less");
      return;
    }
    var markers = LIST_MARKERS.exec(raw);
    if (markers && !THEMATIC_BREAK.test(raw)) {
      var count = allMatches(LIST_MARKER, markers[0]).length;
      if (count > MAX_LIST_MARKERS) {
        add(lineNo, 1, "this line starts with " + count + " list markers, a list nested " + count + " deep; the limit is " +
          MAX_LIST_MARKERS + ": start it with one marker, such as - or 1.");
      }
    }
  }

  function angleBracketProblems(line, lineNo, add) {
    var autolinks = {};
    allMatches(AUTOLINK, line).forEach(function (m) { autolinks[m.index] = m; });
    allMatches(BODY_HTML, line).forEach(function (m) {
      if (autolinks[m.index]) return;
      var snippet = cut(line, m.index, 20).split(">")[0] + ">";
      add(lineNo, m.index + 1, "raw HTML is not allowed (" + snippet + "); write it in Markdown instead " +
        "(for example **bold**, [link text](https://...)), or leave it out");
    });
    Object.keys(autolinks).forEach(function (start) {
      var target = autolinks[start][1];
      if (target.indexOf("@") >= 0 && target.indexOf(":") < 0) target = "mailto:" + target;
      var problem = urlProblem(target);
      if (problem) add(lineNo, Number(start) + 1, problem);
    });
  }

  // body_rules._check_links: the links of one block ([line, text] pairs), whose text or
  // address may run from one line to the next.
  function blockLinkProblems(block, add) {
    var text = block.map(function (b) { return b[1]; }).join("\n");
    if (text.indexOf("](") < 0 || text.split("[").length - 1 > MAX_BRACKETS) return;
    var starts = [0];
    block.slice(0, -1).forEach(function (b) { starts.push(starts[starts.length - 1] + b[1].length + 1); });
    function place(at) { // the line and column of a place in text
      var index = 0;
      while (index + 1 < starts.length && starts[index + 1] <= at) index += 1;
      return [block[index][0], at - starts[index] + 1];
    }
    allMatches(LINK, text).forEach(function (m) { linkProblems(m, place, add); });
  }

  function linkProblems(m, place, add) {
    var isImage = m[1] === "!";
    var text = strip(m[2]);
    var at = place(m.index);
    if (isImage) {
      add(at[0], at[1], "pictures cannot be added with this form; take out " + m[0].slice(0, 40).replace(/\n/g, " ") +
        " and tell the editor about the picture when you send your story");
      return;
    }
    linkTextProblems(text, at[0], at[1], add);
    var problem = urlProblem(m[3] !== undefined ? m[3] : m[4]);
    if (problem) {
      // The place of the target, as Python's match.start() of its group.
      var open = m[1].length + 1 + m[2].length + 2;
      var target = place(m.index + open + LINK_TARGET_START.exec(m[0].slice(open))[0].length);
      add(target[0], target[1], problem);
    }
  }

  // body_rules._check_link_text
  function linkTextProblems(text, lineNo, col, add) {
    text = strip(text).replace(SPACES, " "); // as the page shows it, over one line or two
    if (VAGUE_LINK_TEXT.indexOf(text.toLowerCase().replace(/^[ .!]+|[ .!]+$/g, "")) >= 0) {
      add(lineNo, col, "link text '" + text + "' does not say where the link goes; use words that describe " +
        "the page, such as [the council's community plan](https://...)");
    }
    if (!text) add(lineNo, col, "this link has no text; write what the link leads to inside the brackets");
  }

  // new_story.slugify, with accents taken off letters first (Gŵyl -> gwyl, not g-yl).
  function slugify(text) {
    var plain = String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
    var slug = plain.toLowerCase().replace(/'/g, "").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    return slug.slice(0, MAX_SLUG_LENGTH).replace(/-+$/, "") || "my-story";
  }

  // new_story.quoted: a YAML double-quoted scalar (JSON strings are valid YAML), with the few
  // characters YAML will not take as they are written out as escapes.
  function quoted(text) {
    return JSON.stringify(text).replace(/[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g, function (c) {
      return "\\u" + ("000" + c.charCodeAt(0).toString(16)).slice(-4);
    });
  }

  function localToday() {
    var now = new Date();
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return now.getFullYear() + "-" + two(now.getMonth() + 1) + "-" + two(now.getDate());
  }

  // ------------------------------------------------------ natural input, plain words --
  // People write dates and addresses as they say them. The form turns them into the schema's
  // form, and shows the result, before the checker's rules are applied.
  var MONTHS = [
    ["january", "jan", "ionawr"], ["february", "feb", "chwefror"], ["march", "mar", "mawrth"],
    ["april", "apr", "ebrill"], ["may", "mai"], ["june", "jun", "mehefin"],
    ["july", "jul", "gorffennaf"], ["august", "aug", "awst"], ["september", "sep", "sept", "medi"],
    ["october", "oct", "hydref"], ["november", "nov", "tachwedd"], ["december", "dec", "rhagfyr"],
  ];
  function monthNumber(word) {
    var w = word.toLowerCase().replace(/\.$/, "");
    for (var i = 0; i < MONTHS.length; i += 1) if (MONTHS[i].indexOf(w) >= 0) return i + 1;
    return 0;
  }
  function two(n) { return (n < 10 ? "0" : "") + n; }

  // "March 2023" -> "2023-03", "5th March 2023" -> "2023-03-05", "3/2023" -> "2023-03",
  // "05/03/2023" (day first, as in the UK) -> "2023-03-05". Anything else is returned as it
  // was written (trimmed), for the checker's rules to judge.
  function naturalDate(text) {
    var value = collapse(text).replace(/,/g, " ").replace(/\s+/g, " ").trim();
    var m;
    if ((m = /^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$/.exec(value))) {
      return m[1] + (m[2] ? "-" + two(+m[2]) + (m[3] ? "-" + two(+m[3]) : "") : "");
    }
    if ((m = /^(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?([A-Za-z\u00C0-\u017F]+\.?)\s+(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?(\d{4})$/.exec(value)) && monthNumber(m[2])) {
      var day = m[1] || m[3];
      return m[4] + "-" + two(monthNumber(m[2])) + (day ? "-" + two(+day) : "");
    }
    if ((m = /^(\d{1,2})[/.-](\d{4})$/.exec(value))) return m[2] + "-" + two(+m[1]);
    if ((m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value))) return m[3] + "-" + two(+m[2]) + "-" + two(+m[1]);
    return value;
  }

  // "example.org/plan" or "www.example.org" -> "https://example.org/plan"; "//example.org" too.
  function fullAddress(text) {
    var value = strip(text);
    if (/^\/\/[^/]/.test(value)) return "https:" + value;
    if (/^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?::\d+)?(?:[/?#]\S*)?$/.test(value)) return "https://" + value;
    return value;
  }

  // The checker's messages are written for maintainers; a contributor sees the same problem
  // in plain words. Each rule below rewrites one of the checker's phrasings.
  var PLAIN = [
    [/ is empty; plain text, (\d+) to (\d+) characters$/, " is empty: write $1 to $2 characters"],
    [/ contains (\{[{%#]), which is template syntax; stories and resources never run templates, so remove it$/,
      " contains $1, which the site cannot show; take it out"],
    [/ contains HTML \((.*)\); write plain text without < and >$/, " contains $1, which is web code; write plain words without < and >"],
    [/^(\{[{%#]) is template syntax, which never runs in stories, resources or learning notes; remove it, or put it in `backticks` if you are showing code$/,
      "$1 cannot be shown on the site; take it out"],
    [/^raw HTML is not allowed \((.*)\); write it in Markdown instead \(for example \*\*bold\*\*, \[link text\]\(https:\/\/\.\.\.\)\), or leave it out$/,
      "$1 is web code, which the site does not accept; take it out (for bold words, write **bold words**)"],
    [/^a # heading is not allowed in the body: the page title comes from `title:`; start headings at ##$/,
      "a line starting with one # would be a second page title; start a heading with ## instead"],
    [/^heading level jumps from (#+) to (#+); use (#+) so headings stay in order$/,
      "a heading starting $2 comes straight after one starting $1; start it with $3 instead"],
    [/^a code block opened with (\S+) is never closed; add a closing \S+ line$/,
      "a line starting $1 hides everything after it; add a line with $1 below the hidden part, or take the $1 out"],
    [/ is not a year or date; write YYYY, YYYY-MM or YYYY-MM-DD/,
      " is not a date we can read; write a year, a month and year, or a date, such as 2021, March 2021 or 30 September 2021"],
    [/links starting (\S+): are not allowed; use .*$/, "addresses starting $1: are not allowed; use one starting https://"],
    [/, which the form adds for you; write that part in its own box, or give this heading another name$/,
      ", which has its own box in this form; write that part there, or give this heading another name"],
  ];
  function plain(message) {
    for (var i = 0; i < PLAIN.length; i += 1) {
      if (PLAIN[i][0].test(message)) return message.replace(PLAIN[i][0], PLAIN[i][1]);
    }
    return message;
  }

  // The rules, for the tests that hold them against the Python checker.
  window.DoingWithStoryForm = {
    collapse: collapse, textProblems: textProblems, urlProblem: urlProblem, bodyProblems: bodyProblems,
    partialDateProblems: partialDateProblems, slugify: slugify, quoted: quoted,
    naturalDate: naturalDate, fullAddress: fullAddress, plain: plain, printable: printable,
  };

  // ------------------------------------------------------------------- building --

  var nextId = 0;
  function uid(stem) {
    nextId += 1;
    return "dw-sf-" + stem + "-" + nextId;
  }

  function el(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      if (attributes[name] !== null && attributes[name] !== undefined) node.setAttribute(name, attributes[name]);
    });
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function append(parent) {
    for (var i = 1; i < arguments.length; i += 1) if (arguments[i]) parent.appendChild(arguments[i]);
    return parent;
  }

  // One question: its label (or legend), hint, error message and control(s). The error is
  // shown between the hint and the control, and linked to the control by aria-describedby.
  var allFields = [];
  function Field(key, label) {
    allFields.push(this);
    this.key = key;
    this.label = label;
    this.wrapper = el("div", { class: "dw-sf-field" });
    this.hintIds = [];
    this.errorEl = el("div", { class: "dw-sf-error", id: uid("error"), hidden: "" });
    this.controls = []; // elements that get aria-invalid and aria-describedby
    this.target = null; // where the error summary's link takes you
  }
  Field.prototype.hint = function (text) {
    if (!text) return null;
    var id = uid("hint");
    this.hintIds.push(id);
    return el("p", { class: "dw-sf-hint", id: id }, text);
  };
  Field.prototype.describe = function () {
    var ids = this.hintIds.slice();
    if (!this.errorEl.hidden) ids.push(this.errorEl.id);
    this.controls.forEach(function (control) {
      if (ids.length) control.setAttribute("aria-describedby", ids.join(" "));
      else control.removeAttribute("aria-describedby");
    });
  };
  Field.prototype.setErrors = function (messages) {
    var errorEl = this.errorEl;
    errorEl.textContent = "";
    messages.forEach(function (message) {
      var line = el("p");
      append(line, el("span", { class: "dw-visually-hidden" }, "Error: "), document.createTextNode(message));
      errorEl.appendChild(line);
    });
    errorEl.hidden = messages.length === 0;
    this.wrapper.classList.toggle("dw-sf-field--error", messages.length > 0);
    this.controls.forEach(function (control) {
      if (control.tagName === "FIELDSET") return;
      if (messages.length) control.setAttribute("aria-invalid", "true");
      else control.removeAttribute("aria-invalid");
    });
    this.describe();
  };

  function textField(key, label, options) {
    var field = new Field(key, label);
    var id = uid(key.replace(/[^a-z0-9]+/gi, "-"));
    var control = options.rows
      ? el("textarea", { id: id, name: key, rows: options.rows, class: "dw-sf-input dw-sf-input--wide", spellcheck: "true" })
      : el("input", {
        id: id, name: key, type: options.type || "text", class: "dw-sf-input" + (options.width ? " dw-sf-input--" + options.width : " dw-sf-input--wide"),
        autocomplete: options.autocomplete || "off", inputmode: options.inputmode, spellcheck: options.spellcheck,
      });
    var labelEl = el("label", { for: id, class: "dw-sf-label" }, label);
    if (options.hiddenLabel) labelEl.appendChild(el("span", { class: "dw-visually-hidden" }, options.hiddenLabel));
    append(field.wrapper, labelEl, field.hint(options.hint));
    if (options.rule && options.count) {
      var counter = el("p", { class: "dw-sf-hint dw-sf-count" });
      var rule = options.rule;
      var update = function () {
        var count = length(collapse(control.value));
        counter.textContent = "You have written " + count + " character" + (count === 1 ? "" : "s") +
          " (" + rule.min + " to " + rule.max + ").";
      };
      control.addEventListener("input", update);
      update();
      field.counter = counter;
      append(field.wrapper, field.errorEl, control, counter);
    } else {
      append(field.wrapper, field.errorEl, control);
    }
    // A date as people say it, or an address without https://: the form shows what it will use.
    field.showNormal = function () {};
    if (options.date || options.address) {
      var note = el("p", { class: "dw-sf-hint dw-sf-normal", id: uid("normal") });
      field.hintIds.push(note.id);
      field.wrapper.insertBefore(note, control.nextSibling);
      field.showNormal = function () {
        var typed = collapse(control.value);
        if (options.date) {
          var date = naturalDate(typed);
          note.textContent = date !== typed && /^\d{4}(-\d{2}(-\d{2})?)?$/.test(date) ? "In the story file: " + date : "";
        } else {
          var full = fullAddress(control.value);
          if (full !== strip(control.value)) {
            control.value = full;
            note.textContent = "We added https:// to the start: " + full;
          } else if (!typed || note.getAttribute("data-for") !== full) {
            note.textContent = "";
          }
          note.setAttribute("data-for", full);
        }
      };
      control.addEventListener(options.date ? "input" : "change", field.showNormal);
    }
    field.input = control;
    field.controls = [control];
    field.target = control;
    field.describe();
    return field;
  }

  function selectField(key, label, hint, terms, placeholder) {
    var field = new Field(key, label);
    var id = uid(key.replace(/[^a-z0-9]+/gi, "-"));
    var select = el("select", { id: id, name: key, class: "dw-sf-select" });
    if (placeholder) select.appendChild(el("option", { value: "" }, placeholder));
    terms.forEach(function (term) { select.appendChild(el("option", { value: term.id }, term.name)); });
    append(field.wrapper, el("label", { for: id, class: "dw-sf-label" }, label), field.hint(hint), field.errorEl, select);
    field.input = select;
    field.controls = [select];
    field.target = select;
    field.describe();
    return field;
  }

  // A group of checkboxes in a fieldset; each may have its own hint and a revealed panel.
  function checkboxField(key, legend, hint, terms, options) {
    options = options || {};
    var field = new Field(key, legend);
    var fieldset = el("fieldset", { class: "dw-sf-fieldset" });
    fieldset.appendChild(el("legend", { class: "dw-sf-legend" }, legend));
    append(fieldset, field.hint(hint), field.errorEl);
    var list = el("div", { class: "dw-sf-checkboxes" + (options.columns ? " dw-sf-checkboxes--columns" : "") });
    fieldset.appendChild(list);
    field.wrapper.appendChild(fieldset);
    field.controls = [fieldset];
    field.list = list;
    field.boxes = [];
    field.setTerms = function (newTerms) {
      list.textContent = "";
      field.boxes = [];
      newTerms.forEach(function (term) {
        var id = uid(key + "-" + term.id);
        var item = el("div", { class: "dw-sf-checkbox" });
        var box = el("input", { type: "checkbox", id: id, name: key, value: term.id });
        var labelEl = el("label", { for: id }, term.name);
        append(item, box, labelEl);
        if (options.descriptions && term.description) {
          var hintId = id + "-hint";
          item.appendChild(el("p", { class: "dw-sf-hint dw-sf-checkbox__hint", id: hintId }, term.description));
          box.setAttribute("aria-describedby", hintId);
        }
        list.appendChild(item);
        field.boxes.push(box);
        if (options.reveal) options.reveal(term, box, item);
      });
      field.target = field.boxes[0] || fieldset;
    };
    field.setTerms(terms);
    field.checked = function () {
      return field.boxes.filter(function (box) { return box.checked; }).map(function (box) { return box.value; });
    };
    field.describe();
    return field;
  }

  // A part of the form whose questions can be shown and hidden (on a phone, one part at a
  // time): its heading holds a button that says whether the part is open. Questions are
  // added to part.body.
  function section(title, intro) {
    var part = el("section", { class: "dw-sf-section", "aria-labelledby": uid("section") });
    var heading = el("h2", { id: part.getAttribute("aria-labelledby"), class: "dw-sf-section__title" });
    var bodyId = uid("section-body");
    var toggle = el("button", { type: "button", class: "dw-sf-section__toggle", "aria-expanded": "true", "aria-controls": bodyId });
    append(toggle, el("span", { class: "dw-sf-section__name" }, title), el("span", { class: "dw-sf-section__state", "aria-hidden": "true" }));
    heading.appendChild(toggle);
    part.body = el("div", { class: "dw-sf-section__body", id: bodyId });
    append(part.body, intro ? el("p", { class: "dw-sf-section__intro" }, intro) : null);
    append(part, heading, part.body);
    part.toggle = toggle;
    part.open = function (open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      part.body.hidden = !open;
      part.classList.toggle("dw-sf-section--closed", !open);
    };
    toggle.addEventListener("click", function () { part.open(part.body.hidden); });
    return part;
  }

  // ------------------------------------------------------------------ the form --

  function build(schema, vocabularies, existing) {
    var props = schema.properties;
    function term(kind) { return vocabularies[kind] || []; }
    // Only the choices the schema accepts, named and described by the vocabulary.
    function choices(kind, enumIds) {
      return term(kind).filter(function (t) { return !enumIds || enumIds.indexOf(t.id) >= 0; });
    }
    function rule(prop) { return { min: prop.minLength, max: prop.maxLength }; }
    function lengthHint(prop) { return prop.description + " " + prop.minLength + " to " + prop.maxLength + " characters."; }
    var sections = vocabularies.story_sections || [];
    var principleProps = props.principles.items.properties;
    var personProps = props.authors.items.properties;
    var sourceProps = props.sources.items.properties;
    var consentProps = props.consent.properties;
    var periodProps = props.period.properties;
    var urlSchemes = (/^\^\((.*)\):$/.exec(sourceProps.url.pattern) || [null, "https|http"])[1].split("|");
    // Editors write up stories from published sources; contributors are offered the other roles.
    var roles = choices("roles", personProps.role.enum).filter(function (t) { return t.id !== "editor"; });

    var fields = {};
    var summary = el("div", { class: "dw-sf-summary", tabindex: "-1", hidden: "", "aria-labelledby": "dw-sf-summary-title" });
    append(summary,
      el("h2", { id: "dw-sf-summary-title", class: "dw-sf-summary__title" }, "There is a problem"),
      el("p", { class: "dw-sf-summary__intro" }),
      el("ul", { class: "dw-sf-summary__list" }));
    form.appendChild(summary);

    // 1. The story in brief
    var brief = section("The story in brief");
    fields.title = textField("title", "Title", { hint: lengthHint(props.title), rule: rule(props.title), count: true, spellcheck: "true" });
    fields.summary = textField("summary", "Summary", { hint: lengthHint(props.summary), rule: rule(props.summary), rows: 4, count: true });
    fields.language = selectField("language", "Language the story is written in", props.language.description + " If you write in Welsh or Irish, the page is shown in that language.",
      choices("languages", props.language.enum));
    fields.language.input.value = "en";
    append(brief.body, fields.title.wrapper, fields.summary.wrapper, fields.language.wrapper);

    // 2. Where
    var where = section("Where it happened");
    fields.nation = selectField("nation", "Nation", props.nation.description, choices("nations", props.nation.enum), "Choose a nation");
    var allPlaces = choices("places", props.places.items.enum);
    // "Leave the list empty, [], for ..." reads, for checkboxes, "Leave them all unticked for ...".
    var placesHint = props.places.description.replace(/Leave the list empty,?\s*\[\],?/, "Leave them all unticked");
    fields.places = checkboxField("places", "Council areas", placesHint, [], { columns: true });
    var noNation = el("p", { class: "dw-sf-hint dw-sf-places-empty" }, "Choose the nation first, and its council areas will be listed here.");
    fields.places.list.parentNode.insertBefore(noNation, fields.places.list);
    // The Welsh summary is asked for only for a story from Wales.
    fields.summary_cy = textField("summary_cy", "Summary in Welsh (optional)", {
      hint: lengthHint(props.summary_cy).replace(/^Optional: /, "").replace(/^./, function (c) { return c.toUpperCase(); }),
      rule: rule(props.summary_cy), rows: 3, count: true,
    });
    fields.summary_cy.input.setAttribute("lang", "cy");
    fields.summary_cy.wrapper.hidden = true;
    function showPlaces() {
      var nation = fields.nation.input.value;
      noNation.hidden = !!nation;
      var ticked = fields.places.checked();
      fields.places.setTerms(allPlaces.filter(function (p) { return p.nation === nation; }));
      fields.places.boxes.forEach(function (box) { box.checked = ticked.indexOf(box.value) >= 0; });
      fields.summary_cy.wrapper.hidden = nation !== "wales";
      if (fields.summary_cy.wrapper.hidden) fields.summary_cy.setErrors([]);
    }
    fields.nation.input.addEventListener("change", showPlaces);
    append(where.body, fields.nation.wrapper, fields.places.wrapper, fields.summary_cy.wrapper);

    // 3. Who
    var who = section("Who was involved");
    var orgItem = props.organisations.items;
    fields.organisations = textField("organisations", "Organisations", {
      hint: props.organisations.description + " Write one on each line: " + props.organisations.minItems + " to " +
        props.organisations.maxItems + " organisations, each " + orgItem.minLength + " to " + orgItem.maxLength + " characters.",
      rows: 4,
    });
    who.body.appendChild(fields.organisations.wrapper);

    // 4. Co-production. Each principle: its one plain line, and an example from a story in the library.
    var examples = {};
    (existing || []).forEach(function (story) {
      (story.principles || []).forEach(function (p) {
        var current = examples[p.id];
        if (p.evidence && (!current || p.evidence.length < current.evidence.length)) {
          examples[p.id] = { title: story.title, evidence: p.evidence };
        }
      });
    });
    var coproduction = section("Co-production");
    fields.evidence = {};
    fields.principles = checkboxField("principles", "Principles", props.principles.description +
      " Tick each one your story shows, then say how.", choices("principles", principleProps.id.enum), {
      descriptions: true,
      reveal: function (principle, box, item) {
        var example = examples[principle.id];
        if (example) {
          var exampleId = box.id + "-example";
          var line = el("p", { class: "dw-sf-hint dw-sf-checkbox__hint dw-sf-example", id: exampleId });
          append(line, el("span", { class: "dw-sf-example__label" }, "For example: "),
            document.createTextNode("\u201c" + example.evidence + "\u201d (from \u201c" + example.title + "\u201d)"));
          item.appendChild(line);
          box.setAttribute("aria-describedby", box.getAttribute("aria-describedby") + " " + exampleId);
        }
        var evidence = textField("evidence-" + principle.id, "How does your story show this?", {
          hint: lengthHint(principleProps.evidence), rule: rule(principleProps.evidence), rows: 2, count: true,
          hiddenLabel: " (" + principle.name + ")",
        });
        evidence.label = "Evidence for '" + principle.name + "'";
        evidence.wrapper.classList.add("dw-sf-reveal");
        evidence.wrapper.id = box.id + "-reveal";
        evidence.wrapper.hidden = true;
        box.setAttribute("aria-controls", evidence.wrapper.id);
        box.addEventListener("change", function () {
          evidence.wrapper.hidden = !box.checked;
          if (!box.checked) evidence.setErrors([]);
        });
        item.appendChild(evidence.wrapper);
        fields.evidence[principle.id] = evidence;
      },
    });
    fields.stages = checkboxField("stages", "Stages of co-production", props.stages.description + " Tick at least one.",
      choices("stages", props.stages.items.enum), { descriptions: true });
    fields.themes = checkboxField("themes", "Themes", props.themes.description + " Tick at least one.",
      choices("themes", props.themes.items.enum), { descriptions: true });
    // A community contributor may leave the stages and themes to an editor (schema: status).
    var toClassify = props.status && props.status.enum && props.status.enum[0];
    fields.classify = new Field("classify", "Stages and themes");
    var classify = el("input", { type: "checkbox", id: uid("classify"), name: "classify" });
    if (toClassify) {
      append(fields.classify.wrapper, append(el("div", { class: "dw-sf-checkbox dw-sf-checkbox--single" }), classify,
        el("label", { for: classify.id }, "I am not sure: leave the stages and themes for an editor to choose"),
        append(el("p", { class: "dw-sf-hint dw-sf-checkbox__hint", id: classify.id + "-hint" },
          "An editor will choose them with you before the story is published."))));
      classify.setAttribute("aria-describedby", classify.id + "-hint");
      fields.stages.wrapper.id = uid("stages");
      fields.themes.wrapper.id = uid("themes");
      classify.setAttribute("aria-controls", fields.stages.wrapper.id + " " + fields.themes.wrapper.id);
      classify.addEventListener("change", function () {
        fields.stages.wrapper.hidden = fields.themes.wrapper.hidden = classify.checked;
        if (classify.checked) { fields.stages.setErrors([]); fields.themes.setErrors([]); }
      });
    }
    append(coproduction.body, fields.principles.wrapper, toClassify ? fields.classify.wrapper : null, fields.stages.wrapper, fields.themes.wrapper);

    // 5. When
    var when = section("When it happened", props.period.description + " Write a year, a month and year, or a date: for example 2021, March 2021 or 30 September 2021.");
    fields.start = textField("period-start", "When it started", { hint: periodProps.start.description + " For example 2021 or March 2021.", width: "date", date: true });
    fields.end = textField("period-end", "When it ended", { hint: "Leave it empty if it is still going on, and tick the box below. For example March 2023.", width: "date", date: true });
    var ongoingId = uid("ongoing");
    var ongoing = el("input", { type: "checkbox", id: ongoingId, name: "ongoing" });
    var ongoingRow = append(el("div", { class: "dw-sf-checkbox dw-sf-checkbox--single" }), ongoing, el("label", { for: ongoingId }, "It is still going on"));
    fields.end.wrapper.appendChild(ongoingRow);
    ongoing.addEventListener("change", function () {
      fields.end.input.disabled = ongoing.checked;
      if (ongoing.checked) { fields.end.input.value = ""; fields.end.showNormal(); }
    });
    append(when.body, fields.start.wrapper, fields.end.wrapper);

    // 6. About you
    var you = section("About you", props.authors.description);
    fields.author = textField("author-name", "Your name", { hint: personProps.name.description + " " + rule(personProps.name).min + " to " + rule(personProps.name).max + " characters.", autocomplete: "name", width: "medium" });
    fields.role = selectField("author-role", "Your role", personProps.role.description, roles, "Choose a role");
    var coAuthors = repeater({
      key: "co-author", legend: "Co-authors (optional)", noun: "Co-author", addLabel: "Add a co-author",
      hint: props.co_authors.description + " Add anyone, by the name they choose, who wishes to be credited.",
      max: props.co_authors.maxItems || 20, min: 0,
      row: function (rowFields, number) {
        var name = textField("co-author-name", "Name", { hint: personProps.name.description, width: "medium" });
        var role = selectField("co-author-role", "Role", null, roles, "Choose a role");
        rowFields.name = name;
        rowFields.role = role;
        return [name, role];
      },
    });
    append(you.body, fields.author.wrapper, fields.role.wrapper, coAuthors.wrapper);
    // 7. Consent
    var consent = section("Consent", props.consent.description);
    fields.toPublish = new Field("to_publish", "Consent to publish");
    (function () {
      var id = uid("to-publish");
      var box = el("input", { type: "checkbox", id: id, name: "to_publish" });
      var row = append(el("div", { class: "dw-sf-checkbox dw-sf-checkbox--single" }), box,
        el("label", { for: id }, "Everyone named or shown in the story has agreed to it being published"));
      append(fields.toPublish.wrapper, el("p", { class: "dw-sf-label" }, "Consent to publish"),
        fields.toPublish.hint("A story is published only with consent. If someone has not agreed, describe their role instead of naming them."),
        fields.toPublish.errorEl, row);
      fields.toPublish.input = box;
      fields.toPublish.controls = [box];
      fields.toPublish.target = box;
      fields.toPublish.describe();
    })();
    fields.anonymised = new Field("anonymised", "Anonymised");
    (function () {
      var id = uid("anonymised");
      var box = el("input", { type: "checkbox", id: id, name: "anonymised" });
      var hint = fields.anonymised.hint("Tick this if you have changed or left out people's names, or other details that would let someone be identified.");
      hint.classList.add("dw-sf-checkbox__hint");
      var row = append(el("div", { class: "dw-sf-checkbox dw-sf-checkbox--single" }), box,
        el("label", { for: id }, "People in the story have been anonymised"), hint);
      append(fields.anonymised.wrapper, fields.anonymised.errorEl, row);
      fields.anonymised.input = box;
      fields.anonymised.controls = [box];
      fields.anonymised.describe();
    })();
    // "written-consent: the people involved agreed in writing; published-sources: ..." -> option names.
    var basisNames = {};
    consentProps.basis.description.split(";").forEach(function (part) {
      var pair = /^\s*([a-z-]+):\s*(.+?)\.?\s*$/.exec(part);
      if (pair) basisNames[pair[1]] = pair[2].charAt(0).toUpperCase() + pair[2].slice(1);
    });
    fields.basis = selectField("basis", "How you have consent", null,
      consentProps.basis.enum.map(function (id) { return { id: id, name: basisNames[id] || id }; }), "Choose one");
    append(consent.body, fields.toPublish.wrapper, fields.anonymised.wrapper, fields.basis.wrapper);

    // 8. Sources
    var sources = section("Sources", props.sources.description + " Give the title of each page, report or document, and its web address.");
    var sourceRows = repeater({
      key: "source", legend: "Sources", noun: "Source", addLabel: "Add another source",
      max: props.sources.maxItems || 30, min: 1, hiddenLegend: true,
      row: function (rowFields) {
        rowFields.title = textField("source-title", "Title of the source", { hint: sourceProps.title.description });
        rowFields.url = textField("source-url", "Web address", { hint: sourceProps.url.description + " For example www.example.org/report.", type: "url", spellcheck: "false", address: true });
        rowFields.reference = textField("source-reference", "If it is not on the web: how to find it (optional)", { hint: sourceProps.reference.description + " For example: the report's full title, who holds a copy, and how to ask for it." });
        return [rowFields.title, rowFields.url, rowFields.reference];
      },
    });
    sources.body.appendChild(sourceRows.wrapper);

    // 8b. What changed, and how you know (schema: outcomes). Optional; an entry left empty is left out.
    var outcomeProps = props.outcomes.items.properties;
    var outcomePart = section("What changed, and how you know",
      "Optional. If one of your sources gives a figure, add it here: how many people took part or were served, " +
      "or a change in services or in people's lives. Add only figures a source states, and leave this part empty if none does.");
    // "reach: how many took part or were served; outcome: a change ..." -> "Reach: how many ...".
    var outcomeKinds = outcomeProps.kind.enum.map(function (id) {
      var said = new RegExp("(?:^|;)\\s*" + id + ":\\s*([^;]+?)\\.?\\s*(?:;|$)").exec(outcomeProps.kind.description);
      return { id: id, name: id.charAt(0).toUpperCase() + id.slice(1) + (said ? ": " + said[1] : "") };
    });
    // The sources entered so far, as "1: <title>"; a chosen source stays chosen (and follows
    // it) when the sources above are removed or reordered.
    function fillOutcomeSources(row) {
      var select = row.source.input;
      var at = row.sourceRow ? sourceRows.rows.indexOf(row.sourceRow) : -1;
      var options = [{ value: "", name: "Choose a source" }];
      sourceRows.rows.forEach(function (source, index) {
        var said = collapse(source.title.input.value) || source.url.input.value.trim() || collapse(source.reference.input.value);
        if (!said && index !== at) return;
        said = said || "(not filled in yet)";
        options.push({ value: String(index + 1), name: (index + 1) + ": " + (length(said) > 80 ? Array.from(said).slice(0, 79).join("") + "\u2026" : said) });
      });
      var value = at >= 0 ? String(at + 1) : "";
      var signature = JSON.stringify([options, value]);
      if (select.getAttribute("data-options") === signature) return;
      select.textContent = "";
      options.forEach(function (option) { select.appendChild(el("option", { value: option.value }, option.name)); });
      select.value = value;
      select.setAttribute("data-options", signature);
    }
    var outcomeRows = repeater({
      key: "outcome", legend: "What changed, and how you know", noun: "Result", addLabel: "Add a result",
      max: props.outcomes.maxItems || 20, min: 0, hiddenLegend: true,
      row: function (rowFields) {
        rowFields.measure = textField("outcome-measure", "What was measured", {
          hint: "What was counted or measured, in plain words: for example, people who voted on which projects to fund. " +
            outcomeProps.measure.minLength + " to " + outcomeProps.measure.maxLength + " characters.",
          rule: rule(outcomeProps.measure), count: true,
        });
        rowFields.figure = textField("outcome-figure", "The figure", { hint: "As the source gives it: for example 1,877, over 400 or 3 in 4. Up to " + outcomeProps.figure.maxLength + " characters.", width: "medium" });
        rowFields.baseline = textField("outcome-baseline", "The figure before (optional)", { hint: "The figure before the work began, if the source gives one. Up to " + outcomeProps.baseline.maxLength + " characters.", width: "medium" });
        rowFields.date = textField("outcome-date", "When it was measured", {
          hint: "As the source says: a year, a month and year, or a date, for example 2021 or March 2023.", width: "date", date: true,
        });
        rowFields.source = selectField("outcome-source", "Which source gives it", "One of the sources you listed above. Fill in the source first, and it is offered here.", []);
        rowFields.kind = selectField("outcome-kind", "What it shows", "Reach counts the people who took part or were served; an outcome is what changed for services or for people.", outcomeKinds, "Choose one");
        function follow() { rowFields.sourceRow = sourceRows.rows[Number(rowFields.source.input.value) - 1] || null; }
        rowFields.source.input.addEventListener("input", follow);
        rowFields.source.input.addEventListener("change", follow);
        fillOutcomeSources(rowFields);
        return [rowFields.measure, rowFields.figure, rowFields.baseline, rowFields.date, rowFields.source, rowFields.kind];
      },
    });
    function refreshOutcomeSources() { outcomeRows.rows.forEach(fillOutcomeSources); }
    form.addEventListener("input", refreshOutcomeSources);
    form.addEventListener("change", refreshOutcomeSources);
    outcomePart.body.appendChild(outcomeRows.wrapper);

    // 9. The story itself
    var story = section("Your story", "Write each part in plain words. Leave a blank line between paragraphs. " +
      "For a list, start each line with - and a space. For a link, write [what the page is](https://its-address).");
    fields.sections = sections.map(function (name, index) {
      var field = textField("section-" + index, name, { hint: SECTION_HINTS[name] || null, rows: 7 });
      story.body.appendChild(field.wrapper);
      return field;
    });

    var parts = [brief, where, who, coproduction, when, you, consent, sources, outcomePart, story];
    // Open or close every part at once.
    var allToggle = el("button", { type: "button", class: "dw-sf-link-button dw-sf-all", "data-dw-open-all": "" });
    function allOpen() { return parts.every(function (p) { return !p.body.hidden; }); }
    function labelAll() { allToggle.textContent = allOpen() ? "Close every part" : "Open every part"; }
    allToggle.addEventListener("click", function () {
      var open = !allOpen();
      parts.forEach(function (p) { p.open(open); });
      labelAll();
    });
    parts.forEach(function (p) { p.toggle.addEventListener("click", labelAll); });
    // Each part ends with a way on to the next.
    parts.forEach(function (p, index) {
      var next = parts[index + 1];
      if (!next) return;
      var button = el("button", { type: "button", class: "md-button dw-sf-button dw-sf-button--secondary dw-sf-next" },
        "Next: " + next.toggle.firstChild.textContent);
      button.addEventListener("click", function () {
        if (narrow()) p.open(false);
        next.open(true);
        labelAll();
        next.toggle.focus();
        next.scrollIntoView({ block: "start" });
      });
      p.body.appendChild(button);
    });
    append(form, allToggle);
    parts.forEach(function (p) { form.appendChild(p); });

    // "Check my story" stays in reach at the foot of the screen on a phone, whichever part is open.
    var actions = el("div", { class: "dw-sf-submit" });
    var submit = el("button", { type: "submit", class: "md-button md-button--primary dw-sf-button" }, "Check my story");
    var stale = el("p", { class: "dw-sf-status", role: "status" });
    append(actions, submit, stale);
    form.appendChild(actions);

    var output = buildOutput(vocabularies);
    form.parentNode.insertBefore(output.section, form.nextSibling);

    // --------------------------------------------------------------- checking --
    function read() {
      var errors = [];
      function report(field, messages) {
        // In plain words, as sentences: the checker's own messages follow "path:line:col: " in lower case.
        messages = messages.map(function (m) { m = printable(plain(m)); return m.charAt(0).toUpperCase() + m.slice(1); });
        field.setErrors(messages);
        messages.forEach(function (message) { errors.push({ field: field, message: message }); });
      }
      var data = {};

      data.title = collapse(fields.title.input.value);
      var titleProblems = textProblems("Title", data.title, rule(props.title));
      var slug = slugify(data.title);
      if (!titleProblems.length && RESERVED_SLUGS.indexOf(slug) >= 0) {
        titleProblems.push("the file name '" + slug + ".md' is reserved for the site's own list page; " +
          "give the story a name of its own by changing the title");
      }
      if (!titleProblems.length && existing) {
        var key = data.title.toLowerCase();
        existing.forEach(function (story) {
          if (titleProblems.length) return;
          if (collapse(story.title).toLowerCase() === key) {
            titleProblems.push("the title '" + data.title + "' is already used by stories/" + story.slug + ".md; give this one a distinct title");
          } else if (story.slug === slug) {
            titleProblems.push("the file name for this title, stories/" + slug + ".md, is already used by the story '" + story.title +
              "'; change the title a little so it makes a different file name");
          }
        });
      }
      report(fields.title, titleProblems);

      data.summary = collapse(fields.summary.input.value);
      report(fields.summary, textProblems("Summary", data.summary, rule(props.summary)));
      data.summary_cy = fields.nation.input.value === "wales" ? collapse(fields.summary_cy.input.value) : "";
      report(fields.summary_cy, data.summary_cy ? textProblems("Summary in Welsh", data.summary_cy, rule(props.summary_cy)) : []);
      data.language = fields.language.input.value;
      report(fields.language, data.language ? [] : ["Language is empty; choose one of: " + choices("languages").map(function (t) { return t.name; }).join(", ")]);

      data.nation = fields.nation.input.value;
      report(fields.nation, data.nation ? [] : ["Nation is empty; choose one of: " + choices("nations", props.nation.enum).map(function (t) { return t.name; }).join(", ")]);
      data.places = fields.places.checked();
      report(fields.places, []);

      var orgRule = rule(props.organisations.items);
      data.organisations = fields.organisations.input.value.split("\n").map(collapse).filter(Boolean);
      var orgProblems = [];
      data.organisations.forEach(function (name, index) {
        orgProblems = orgProblems.concat(textProblems("Organisation " + (index + 1), name, orgRule));
      });
      var orgCount = data.organisations.length;
      if (orgCount < props.organisations.minItems) {
        orgProblems.push("Organisations is empty; write " + props.organisations.minItems + " to " + props.organisations.maxItems + ", one on each line");
      } else if (orgCount > props.organisations.maxItems) {
        orgProblems.push("Organisations has " + orgCount + " items; write " + props.organisations.minItems + " to " + props.organisations.maxItems + ", one on each line");
      }
      report(fields.organisations, orgProblems);

      data.principles = [];
      var chosenPrinciples = fields.principles.checked();
      report(fields.principles, chosenPrinciples.length < props.principles.minItems
        ? ["Principles: choose at least " + (props.principles.minItems === 1 ? "one" : props.principles.minItems) + ", and say how your story shows it"]
        : chosenPrinciples.length > props.principles.maxItems ? ["Principles: choose at most " + props.principles.maxItems] : []);
      Object.keys(fields.evidence).forEach(function (id) {
        var evidence = fields.evidence[id];
        if (chosenPrinciples.indexOf(id) < 0) { evidence.setErrors([]); return; }
        var text = collapse(evidence.input.value);
        report(evidence, textProblems(evidence.label, text, rule(principleProps.evidence)));
        data.principles.push({ id: id, evidence: text });
      });
      data.status = toClassify && classify.checked ? toClassify : "";
      data.stages = data.status ? [] : fields.stages.checked();
      report(fields.stages, !data.status && !data.stages.length ? ["Stages of co-production: choose at least one, or tick the box to leave them to an editor"] : []);
      data.themes = data.status ? [] : fields.themes.checked();
      report(fields.themes, !data.status && !data.themes.length ? ["Themes: choose at least one, or tick the box to leave them to an editor"] : []);

      var today = localToday();
      data.today = today;
      data.start = naturalDate(fields.start.input.value);
      data.end = ongoing.checked ? "ongoing" : naturalDate(fields.end.input.value);
      var startPattern = new RegExp(periodProps.start.pattern);
      var endPattern = new RegExp(periodProps.end.pattern);
      var startProblems = data.start
        ? partialDateProblems("When it started", data.start, startPattern)
        : ["When it started is empty: write a year, such as 2021, or a month, such as March 2021"];
      if (!startProblems.length && data.start > today) startProblems.push("When it started (" + data.start + ") is in the future");
      report(fields.start, startProblems);
      var endProblems = data.end
        ? partialDateProblems("When it ended", data.end, endPattern, ", or tick 'It is still going on'")
        : ["When it ended is empty: write a year, such as 2023, or a month, such as March 2023, or tick 'It is still going on'"];
      if (!endProblems.length && !startProblems.length && data.end !== "ongoing" && data.end < data.start) {
        endProblems.push("When it ended (" + data.end + ") is before when it started (" + data.start + ")");
      }
      report(fields.end, endProblems);

      var roleNames = roles.map(function (t) { return t.name; }).slice(0, 12).join(", ");
      data.author = collapse(fields.author.input.value);
      report(fields.author, textProblems("Your name", data.author, rule(personProps.name)));
      data.role = fields.role.input.value;
      report(fields.role, data.role ? [] : ["Your role is empty; choose one of: " + roleNames]);
      data.coAuthors = [];
      coAuthors.rows.forEach(function (row, index) {
        var name = collapse(row.name.input.value);
        var role = row.role.input.value;
        var number = "Co-author " + (index + 1);
        if (!name && !role) { row.name.setErrors([]); row.role.setErrors([]); return; }
        report(row.name, textProblems(number + "'s name", name, rule(personProps.name)));
        report(row.role, role ? [] : [number + "'s role is empty; choose one of: " + roleNames]);
        data.coAuthors.push({ name: name, role: role });
      });

      data.toPublish = fields.toPublish.input.checked;
      report(fields.toPublish, data.toPublish ? [] : ["Consent to publish must be given: a story is published only with consent to publish it. Tick the box once everyone named or shown has agreed"]);
      data.anonymised = fields.anonymised.input.checked;
      data.basis = fields.basis.input.value;
      report(fields.basis, data.basis ? [] : ["How you have consent is empty; choose one of: " + consentProps.basis.enum.map(function (id) { return basisNames[id] || id; }).join("; ")]);

      data.sources = [];
      sourceRows.rows.forEach(function (row, index) {
        var number = "Source " + (index + 1);
        var title = collapse(row.title.input.value);
        row.url.showNormal();
        var url = strip(row.url.input.value);
        var reference = collapse(row.reference.input.value);
        if (!title && !url && !reference) {
          row.title.setErrors([]); row.url.setErrors([]); row.reference.setErrors([]);
          return;
        }
        var titleMessages = textProblems(number + "'s title", title, rule(sourceProps.title));
        if (!titleMessages.length && !url && !reference) {
          titleMessages.push("source '" + title + "' needs a web address, or a note saying how to find it");
        }
        report(row.title, titleMessages);
        var problem = url ? urlProblem(url, urlSchemes) : null;
        report(row.url, problem ? [number + "'s web address: " + problem] : []);
        report(row.reference, reference ? textProblems(number + "'s note on how to find it", reference, rule(sourceProps.reference)) : []);
        data.sources.push({ title: title, url: url, reference: reference });
      });
      if (data.sources.length < props.sources.minItems && sourceRows.rows.length) {
        var first = sourceRows.rows[0].title;
        var messages = ["Sources: add at least one: the title of a page, report or document about this work, and its web address"];
        report(first, messages);
      }

      // What changed (outcomes), by the checker's rules: an entry left empty is left out, and
      // each names its source by its number in the file (where empty source rows are left out).
      var sourceNumbers = [];
      sourceRows.rows.forEach(function (row) {
        var filled = collapse(row.title.input.value) || row.url.input.value.trim() || collapse(row.reference.input.value);
        sourceNumbers.push(filled ? sourceNumbers.filter(Boolean).length + 1 : 0);
      });
      var outcomeDate = new RegExp(outcomeProps.date.pattern);
      data.outcomes = [];
      outcomeRows.rows.forEach(function (row, index) {
        var n = index + 1;
        var values = {
          measure: collapse(row.measure.input.value),
          figure: collapse(row.figure.input.value),
          baseline: collapse(row.baseline.input.value),
          date: naturalDate(row.date.input.value),
          source: row.source.input.value,
          kind: row.kind.input.value,
        };
        var rowFields = [row.measure, row.figure, row.baseline, row.date, row.source, row.kind];
        if (Object.keys(values).every(function (key) { return !values[key]; })) {
          rowFields.forEach(function (field) { field.setErrors([]); });
          return;
        }
        report(row.measure, textProblems("What was measured in result " + n, values.measure, rule(outcomeProps.measure)));
        report(row.figure, textProblems("The figure in result " + n, values.figure, rule(outcomeProps.figure)));
        report(row.baseline, values.baseline ? textProblems("The figure before in result " + n, values.baseline, rule(outcomeProps.baseline)) : []);
        report(row.date, values.date
          ? partialDateProblems("When result " + n + " was measured", values.date, outcomeDate)
          : ["When result " + n + " was measured is empty: write a year, such as 2021, or a month, such as March 2021"]);
        var number = values.source ? sourceNumbers[Number(values.source) - 1] : 0;
        report(row.source, !values.source
          ? ["Result " + n + " does not say which source gives it; choose one of the sources you listed"]
          : !number ? ["Result " + n + " comes from source " + values.source + ", which is empty; fill in source " + values.source + ", or choose another source"] : []);
        report(row.kind, values.kind ? [] : ["Result " + n + " does not say what it shows; choose " +
          outcomeKinds.map(function (t) { return t.id; }).join(" or ")]);
        values.source = number;
        // In the schema's order, leaving out what was not given.
        var entry = {};
        Object.keys(outcomeProps).forEach(function (key) { if (values[key]) entry[key] = values[key]; });
        data.outcomes.push(entry);
      });

      data.sections = [];
      var texts = fields.sections.map(function (field) {
        return field.input.value.replace(/\r\n?/g, "\n").replace(/^(?:[ \t]*\n)+/, "").replace(/\s+$/, "");
      });
      var labels = {};
      texts.forEach(function (text) { bodyProblems(text, sections, labels); });  // every part's [label]: lines first
      fields.sections.forEach(function (field, index) {
        var name = sections[index];
        var text = texts[index];
        if (!text) {
          report(field, [name + " is empty; write this part of the story"]);
        } else {
          report(field, bodyProblems(text, sections, labels).map(function (p) {
            return name + ", line " + p.line + ": " + plain(p.message);
          }));
        }
        data.sections.push({ name: name, text: text });
      });
      return { data: data, errors: errors };
    }

    function showSummary(errors) {
      var list = summary.querySelector("ul");
      list.textContent = "";
      summary.querySelector("p").textContent = errors.length === 1
        ? "Fix this, then choose \u201cCheck my story\u201d again:"
        : "Fix these " + errors.length + " things, then choose \u201cCheck my story\u201d again:";
      errors.forEach(function (error) {
        var target = error.field.target || error.field.controls[0];
        var link = el("a", { href: "#" + target.id }, error.message);
        link.addEventListener("click", function (event) {
          event.preventDefault();
          var part = error.field.wrapper.closest(".dw-sf-section");
          if (part) part.open(true);
          target.focus();
          var anchor = error.field.wrapper.querySelector("legend, label") || target;
          anchor.scrollIntoView({ block: "start" });
        });
        append(list, append(el("li"), link));
      });
      summary.hidden = false;
    }

    // The file these answers make, problems or not, for the tests that hold the form against
    // the checker.
    window.DoingWithStoryForm.fileText = function () { return storyText(read().data, sections); };

    var pageTitle = document.title;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var result = read();
      if (result.errors.length === 0) {
        var text = storyText(result.data, sections);
        var bytes = new TextEncoder().encode(text).length;
        if (bytes > MAX_FILE_BYTES) {
          var field = fields.sections[0];
          var message = "The file is " + thousands(bytes) + " bytes, over the limit of " +
            thousands(MAX_FILE_BYTES) + "; shorten it or split it into two stories";
          field.setErrors([message]);
          result.errors.push({ field: field, message: message });
        }
      }
      stale.textContent = "";
      if (result.errors.length) {
        output.hide();
        // Open each part with a problem, so the summary's links lead to it.
        result.errors.forEach(function (error) {
          var part = error.field.wrapper.closest(".dw-sf-section");
          if (part) part.open(true);
        });
        labelAll();
        showSummary(result.errors);
        document.title = "Error: " + pageTitle;
        summary.focus();
        summary.scrollIntoView({ block: "start" });
        return;
      }
      summary.hidden = true;
      document.title = pageTitle;
      output.show(result.data, text);
    });

    // A changed answer makes the story file out of date: take it away until it is checked again.
    function changed() {
      if (restoring) return;
      if (output.hide()) stale.textContent = "You have changed your answers, so the story file has been taken away. Choose \u201cCheck my story\u201d again to make it.";
      saveDraft();
    }
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);

    // ------------------------------------------------------------- the draft --
    // Kept in this browser's localStorage as the reader types, never sent; restored on return.
    var restoring = false;
    function snapshot() {
      var values = {};
      Array.prototype.forEach.call(form.elements, function (control) {
        if (!control.name) return;
        var list = values[control.name] || (values[control.name] = []);
        if (control.type === "checkbox") {
          if (control.checked) list.push(control.value);
        } else {
          list.push(control.value);
        }
      });
      return { rows: { coAuthors: coAuthors.rows.length, sources: sourceRows.rows.length, outcomes: outcomeRows.rows.length }, values: values };
    }
    function restore(state) {
      restoring = true;
      var values = state.values || {};
      fields.nation.input.value = (values.nation || [""])[0] || "";
      showPlaces();
      coAuthors.resize((state.rows || {}).coAuthors);
      sourceRows.resize((state.rows || {}).sources);
      outcomeRows.resize((state.rows || {}).outcomes);
      var seen = {};
      Array.prototype.forEach.call(form.elements, function (control) {
        if (!control.name || control.name === "nation") return;
        var list = values[control.name] || [];
        if (control.type === "checkbox") {
          control.checked = list.indexOf(control.value) >= 0;
          control.dispatchEvent(new Event("change", { bubbles: true }));
          return;
        }
        var index = seen[control.name] || 0;
        seen[control.name] = index + 1;
        var value = typeof list[index] === "string" ? list[index] : control.tagName === "SELECT" ? control.options[0].value : "";
        if (control.tagName === "SELECT" && !Array.prototype.some.call(control.options, function (o) { return o.value === value; })) {
          value = control.options[0].value;
        }
        control.value = value;
        control.dispatchEvent(new Event("input", { bubbles: true }));
      });
      restoring = false;
    }
    var empty = snapshot();
    var DRAFT_KEY = "doingwith-story-form-draft";
    var draft = el("div", { class: "dw-sf-draft", "data-dw-draft": "" });
    var draftText = el("p", { class: "dw-sf-draft__text" });
    var clear = el("button", { type: "button", class: "md-button dw-sf-button dw-sf-button--secondary", "data-dw-clear-draft": "" }, "Clear this draft");
    var draftStatus = el("p", { class: "dw-sf-status", role: "status" });
    var KEPT = "As you type, your answers are kept in this browser, on this device only, so you can come back to them. " +
      "They are never sent anywhere. On a shared computer, clear the draft when you have finished.";
    append(draft, draftText, clear, draftStatus);
    form.insertBefore(draft, form.firstChild);
    function saveDraft() {
      try {
        var state = snapshot();
        if (JSON.stringify(state) === JSON.stringify(empty)) {
          localStorage.removeItem(DRAFT_KEY);
        } else {
          state.saved = new Date().toISOString();
          localStorage.setItem(DRAFT_KEY, JSON.stringify(state));
        }
      } catch (error) {
        draftText.textContent = "This browser is not keeping a draft (its storage is turned off or full), so your answers are lost if you close or reload the page.";
      }
    }
    clear.addEventListener("click", function () {
      try { localStorage.removeItem(DRAFT_KEY); } catch (error) { /* nothing was kept */ }
      restore(empty);
      allFields.forEach(function (field) { field.setErrors([]); });
      summary.hidden = true;
      document.title = pageTitle;
      output.hide();
      stale.textContent = "";
      draftText.textContent = KEPT;
      draftStatus.textContent = "Your draft has been cleared from this browser, and the form is empty again.";
      parts.forEach(function (p, index) { p.open(!narrow() || index === 0); });
      labelAll();
    });
    draftText.textContent = KEPT;
    var kept = null;
    try { kept = JSON.parse(localStorage.getItem(DRAFT_KEY) || "null"); } catch (error) { kept = null; }
    if (kept && kept.values) {
      restore(kept);
      var when = new Date(kept.saved);
      draftText.textContent = "We have brought back the draft you were writing" +
        (isNaN(when) ? "" : ", last changed " + when.toLocaleString("en-GB", { day: "numeric", month: "long", hour: "2-digit", minute: "2-digit" })) +
        ". " + KEPT;
    }

    // On a phone, one part at a time, the first open. The page starts at the top, where the
    // note on the draft is: a scroll position kept from before a reload would land anywhere,
    // as the parts open and close.
    parts.forEach(function (p, index) { p.open(!narrow() || index === 0); });
    if ("scrollRestoration" in history) history.scrollRestoration = "manual";
    labelAll();

    form.hidden = false;
    form.setAttribute("data-ready", "true");
  }

  function narrow() {
    return !!(window.matchMedia && window.matchMedia("(max-width: 44.9375em)").matches);
  }

  // Add-another rows (co-authors, sources), each in its own fieldset with a Remove button.
  function repeater(options) {
    var wrapper = el("div", { class: "dw-sf-field dw-sf-repeater" });
    var fieldset = el("fieldset", { class: "dw-sf-fieldset" });
    fieldset.appendChild(el("legend", { class: "dw-sf-legend" + (options.hiddenLegend ? " dw-visually-hidden" : "") }, options.legend));
    if (options.hint) fieldset.appendChild(el("p", { class: "dw-sf-hint" }, options.hint));
    var list = el("div", { class: "dw-sf-repeater__rows" });
    var add = el("button", { type: "button", class: "md-button dw-sf-button dw-sf-button--secondary" }, options.addLabel);
    append(fieldset, list, add);
    wrapper.appendChild(fieldset);
    var api = { wrapper: wrapper, rows: [] };

    function renumber() {
      api.rows.forEach(function (row, index) {
        row.legend.textContent = options.noun + " " + (index + 1);
        row.remove.hidden = api.rows.length <= options.min;
        row.remove.lastChild.textContent = " " + options.noun.toLowerCase() + " " + (index + 1);
      });
      add.hidden = api.rows.length >= options.max;
    }

    function addRow() {
      var row = {};
      var box = el("fieldset", { class: "dw-sf-row" });
      row.legend = el("legend", { class: "dw-sf-row__legend" });
      box.appendChild(row.legend);
      options.row(row, api.rows.length + 1).forEach(function (field) { box.appendChild(field.wrapper); });
      row.remove = el("button", { type: "button", class: "dw-sf-link-button" }, "Remove");
      row.remove.appendChild(el("span", { class: "dw-visually-hidden" }));
      row.remove.addEventListener("click", function () {
        var at = api.rows.indexOf(row);
        api.rows.splice(at, 1);
        box.remove();
        renumber();
        var next = api.rows[Math.min(at, api.rows.length - 1)];
        (next ? next.remove.hidden ? firstInput(next) : next.remove : add).focus();
        wrapper.dispatchEvent(new Event("change", { bubbles: true }));
      });
      box.appendChild(row.remove);
      list.appendChild(box);
      api.rows.push(row);
      renumber();
      return row;
    }

    function firstInput(row) { return row.legend.parentNode.querySelector("input, select, textarea"); }

    add.addEventListener("click", function () {
      var row = addRow();
      firstInput(row).focus();
    });
    for (var i = 0; i < options.min; i += 1) addRow();
    // As many rows as a kept draft had.
    api.resize = function (count) {
      count = Math.max(options.min, Math.min(options.max, count || 0));
      while (api.rows.length < count) addRow();
      while (api.rows.length > count) api.rows.pop().legend.parentNode.remove();
      renumber();
    };
    return api;
  }

  // ------------------------------------------------------------- the story file --
  // The layout of doingwith/new_story.py render(), with the answers filled in.
  function storyText(d, sections) {
    var lines = [
      "---",
      "# yaml-language-server: $schema=../docs/schema/story.schema.json",
      "title: " + quoted(d.title),
      "summary: " + quoted(d.summary),
    ];
    if (d.summary_cy) lines.push("summary_cy: " + quoted(d.summary_cy));
    lines.push("nation: " + d.nation, "places: [" + d.places.join(", ") + "]", "organisations:");
    d.organisations.forEach(function (name) { lines.push("  - " + quoted(name)); });
    lines.push("principles:");
    d.principles.forEach(function (p) { lines.push("  - id: " + p.id, "    evidence: " + quoted(p.evidence)); });
    lines.push(
      "stages: [" + d.stages.join(", ") + "]",
      "themes: [" + d.themes.join(", ") + "]"
    );
    // Left for an editor to classify: not published until then, so no dates yet.
    if (d.status) lines.push("status: " + d.status);
    lines.push(
      "period:",
      "  start: " + quoted(d.start),
      "  end: " + quoted(d.end)
    );
    if (!d.status) lines.push("published: " + d.today, "last_reviewed: " + d.today);
    lines.push(
      "authors:",
      "  - name: " + quoted(d.author),
      "    role: " + d.role
    );
    if (d.coAuthors.length) {
      lines.push("co_authors:");
      d.coAuthors.forEach(function (person) { lines.push("  - name: " + quoted(person.name), "    role: " + person.role); });
    } else {
      lines.push("co_authors: []");
    }
    lines.push(
      "consent:",
      "  to_publish: " + (d.toPublish ? "true" : "false"),
      "  anonymised: " + (d.anonymised ? "true" : "false"),
      "  basis: " + d.basis,
      "sources:"
    );
    d.sources.forEach(function (source) {
      lines.push("  - title: " + quoted(source.title));
      if (source.url) lines.push("    url: " + quoted(source.url));
      if (source.reference) lines.push("    reference: " + quoted(source.reference));
    });
    // outcomes: each entry's keys are in the schema's order; numbers and fixed words as they are.
    if (d.outcomes && d.outcomes.length) {
      lines.push("outcomes:");
      d.outcomes.forEach(function (entry) {
        Object.keys(entry).forEach(function (key, index) {
          var value = entry[key];
          lines.push((index ? "    " : "  - ") + key + ": " + (typeof value === "number" || key === "kind" ? String(value) : quoted(value)));
        });
      });
    }
    lines.push("language: " + d.language, "---", "");
    d.sections.forEach(function (part) { lines.push("## " + part.name, "", part.text, ""); });
    return lines.join("\n");
  }

  // ----------------------------------------------------------------- the output --
  function buildOutput(vocabularies) {
    var repo = (form.getAttribute("data-repo") || "").replace(/\/+$/, "");
    var editors = form.getAttribute("data-editors-email") || "";
    var part = el("section", { class: "dw-sf-output", "aria-labelledby": "dw-sf-output-title", hidden: "", "data-pagefind-ignore": "all" });
    var heading = el("h2", { id: "dw-sf-output-title", tabindex: "-1" }, "Your story file is ready");
    var intro = el("p", {}, "Your answers passed every check. Read the preview below, then choose how to send your story. " +
      "An editor checks every story with you before it is published.");
    var fileName = el("code");
    var fileLine = append(el("p"), document.createTextNode("File name: "), fileName);

    // By email: no account needed. The reader downloads the file, then writes a prepared email.
    var emailPart = el("div", { class: "dw-sf-route dw-sf-route--email" });
    var emailAddress = el("a", { href: "mailto:" + editors }, editors);
    var emailDownload = el("a", { class: "md-button md-button--primary dw-sf-button", "data-dw-email-download": "" }, "Download the story file");
    var mailto = el("a", { class: "md-button md-button--primary dw-sf-button", "data-dw-mailto": "" }, "Write the email");
    var emailName = el("code");
    var emailStatus = el("p", { class: "dw-sf-status", role: "status" });
    append(emailPart,
      el("h3", { id: "dw-sf-route-email" }, "Email it to the editors"),
      append(el("p"), document.createTextNode("You do not need an account. Your email goes to the editors at "), emailAddress,
        document.createTextNode(", who add the story to the library for you.")),
      append(el("ol", { class: "dw-sf-steps" }),
        append(el("li"), emailDownload, append(el("p", { class: "dw-sf-route__note" }),
          document.createTextNode("Your device saves it as "), emailName, document.createTextNode(", usually in Downloads.")), emailStatus),
        append(el("li"), mailto, el("p", { class: "dw-sf-route__note" },
          "Your email app opens with a message to the editors, with its subject and a few words written for you.")),
        append(el("li"), el("p", { class: "dw-sf-route__note" },
          "Attach the story file to the email, and send it. If your email app cannot attach files, use \u201cCopy the text\u201d below and paste the story into the email instead."))));

    // On GitHub, for people with an account.
    var githubPart = el("div", { class: "dw-sf-route dw-sf-route--github" });
    var routes = el("ol", { class: "dw-sf-routes" });
    // 1. Open on GitHub
    var github = el("a", { class: "md-button dw-sf-button", target: "_blank", rel: "noopener noreferrer", "data-dw-github": "" }, "Open on GitHub");
    github.appendChild(el("span", { class: "dw-visually-hidden" }, " (opens in a new tab)"));
    var githubNote = el("p", { class: "dw-sf-route__note" }, "GitHub opens its new-file page with the file name and your story filled in. " +
      "Sign in if asked, choose \u201cCommit changes\u201d (or \u201cPropose changes\u201d), then \u201cCreate pull request\u201d.");
    // A long story is too long for a link: the button saves the file and opens the upload page.
    var longNote = el("p", { class: "dw-sf-route__note", hidden: "", "data-dw-github-long": "" });
    var longName = el("code");
    append(longNote, document.createTextNode("Your story is too long to fill in on GitHub for you, so this button also saves the story file ("),
      longName, document.createTextNode(") to your device and opens GitHub's upload page for the stories folder. Sign in if asked, drag the file onto that page " +
        "(or choose \u201cchoose your files\u201d), then choose \u201cPropose changes\u201d and \u201cCreate pull request\u201d."));
    // 2. Download
    var download = el("a", { class: "md-button dw-sf-button", "data-dw-download": "" }, "Download the file");
    var uploadLink = el("a", { href: repo + "/upload/main/stories" }, "GitHub's upload page for the stories folder");
    var downloadNote = append(el("p", { class: "dw-sf-route__note" }), document.createTextNode("Then add it on "), uploadLink,
      document.createTextNode(", and choose \u201cPropose changes\u201d."));
    // 3. Copy
    var copy = el("button", { type: "button", class: "md-button dw-sf-button", "data-dw-copy": "" }, "Copy the text");
    var newFileLink = el("a", { href: repo + "/new/main/stories" }, "GitHub's new-file page for the stories folder");
    var copyNote = append(el("p", { class: "dw-sf-route__note" }), document.createTextNode("Then paste it into an email to the editors, or into "), newFileLink,
      document.createTextNode(", and give the file the name shown above."));
    var status = el("p", { class: "dw-sf-status", role: "status" });
    append(routes,
      append(el("li"), github, githubNote, longNote),
      append(el("li"), download, downloadNote),
      append(el("li"), copy, copyNote));
    append(githubPart, el("h3", { id: "dw-sf-route-github" }, "Or send it on GitHub, if you have an account"),
      el("p", {}, "Every story reaches the library as a pull request on GitHub, where it is checked and reviewed. With a free GitHub account, you can open it yourself:"),
      routes, status);

    var previewHeading = el("h3", {}, "Preview");
    var preview = el("div", { class: "dw-sf-preview" });
    var fileHeading = el("h3", {}, "The story file");
    var pre = el("pre", { class: "dw-sf-file", tabindex: "0", "aria-label": "The story file" });
    var code = el("code");
    pre.appendChild(code);
    append(part, heading, intro, fileLine, emailPart, githubPart, previewHeading, preview, fileHeading, pre);

    var blobUrl = null;
    var currentText = "";
    var fits = true;

    // Saves the file, from a click on something else.
    function saveFile() {
      var link = el("a", { href: blobUrl, download: download.getAttribute("download"), hidden: "" });
      document.body.appendChild(link);
      link.click();
      link.remove();
    }
    github.addEventListener("click", function () { if (!fits && blobUrl) saveFile(); });
    emailDownload.addEventListener("click", function () {
      emailStatus.textContent = "Saved. Now choose \u201cWrite the email\u201d.";
    });

    copy.addEventListener("click", function () {
      function selectText() {
        var selection = window.getSelection();
        selection.selectAllChildren(pre);
        pre.focus();
        status.textContent = "The story file is selected: press Ctrl+C (or \u2318+C on a Mac) to copy it.";
      }
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(currentText).then(function () {
          status.textContent = "Copied. Now paste it into your email, or into GitHub's new-file page.";
        }, selectText);
      } else {
        selectText();
      }
    });

    // A short, prepared email: the story itself goes as the attached file (or pasted in).
    function mailtoFor(d, file) {
      var body = [
        "Hello,",
        "",
        "I would like to share a story with Doing With: \u201c" + d.title + "\u201d.",
        "",
        "The story file, " + file + ", is attached. (If it is not, I have pasted its text below.)",
        "",
        "From " + d.author,
        "",
      ].join("\r\n");
      return "mailto:" + editors + "?subject=" + encodeURIComponent("Story for Doing With: " + d.title) +
        "&body=" + encodeURIComponent(body);
    }

    function names(kind, ids) {
      var terms = vocabularies[kind] || [];
      return ids.map(function (id) {
        var found = terms.filter(function (t) { return t.id === id; })[0];
        return found ? found.name : id;
      });
    }

    function drawPreview(d) {
      preview.textContent = "";
      append(preview, el("p", { class: "dw-sf-preview__title" }, d.title), el("p", { class: "dw-sf-preview__summary" }, d.summary));
      var facts = el("dl", { class: "dw-facts" });
      function fact(label, value) { if (value) append(facts, el("dt", {}, label), el("dd", {}, value)); }
      fact("Nation", names("nations", [d.nation])[0]);
      fact("Council areas", d.places.length ? names("places", d.places).join(", ") : "Across the whole nation");
      fact("When", d.start + " to " + d.end);
      fact("Organisations", d.organisations.join("; "));
      fact("Stages", names("stages", d.stages).join(", "));
      fact("Themes", names("themes", d.themes).join(", "));
      fact("Written by", [d.author].concat(d.coAuthors.map(function (p) { return p.name; })).join(", "));
      preview.appendChild(facts);
      preview.appendChild(el("h4", {}, "Principles"));
      var evidence = el("dl", { class: "dw-evidence" });
      d.principles.forEach(function (p) { append(evidence, el("dt", {}, names("principles", [p.id])[0]), el("dd", {}, p.evidence)); });
      preview.appendChild(evidence);
      d.sections.forEach(function (s) {
        preview.appendChild(el("h4", {}, s.name));
        s.text.split(/\n[ \t]*\n/).forEach(function (paragraph) {
          preview.appendChild(el("p", { class: "dw-sf-preview__text" }, paragraph));
        });
      });
      preview.appendChild(el("h4", {}, "Sources"));
      var list = el("ul");
      d.sources.forEach(function (s) { list.appendChild(el("li", {}, s.title + (s.url ? " (" + s.url + ")" : s.reference ? " (" + s.reference + ")" : ""))); });
      preview.appendChild(list);
      if (d.outcomes && d.outcomes.length) {
        preview.appendChild(el("h4", {}, "What changed, and how you know"));
        var results = el("ul");
        d.outcomes.forEach(function (o) {
          results.appendChild(el("li", {}, o.measure + ": " + o.figure + (o.baseline ? " (before: " + o.baseline + ")" : "") +
            ", " + o.date + ", " + o.kind + ", from source " + o.source));
        });
        preview.appendChild(results);
      }
    }

    return {
      section: part,
      show: function (d, text) {
        var slug = slugify(d.title);
        var path = "stories/" + slug + ".md";
        currentText = text;
        fileName.textContent = path;
        code.textContent = text;
        if (blobUrl) URL.revokeObjectURL(blobUrl);
        blobUrl = URL.createObjectURL(new Blob([text], { type: "text/markdown;charset=utf-8" }));
        download.setAttribute("href", blobUrl);
        download.setAttribute("download", slug + ".md");
        emailDownload.setAttribute("href", blobUrl);
        emailDownload.setAttribute("download", slug + ".md");
        emailName.textContent = longName.textContent = slug + ".md";
        emailStatus.textContent = "";
        mailto.setAttribute("href", mailtoFor(d, slug + ".md"));
        var url = repo + "/new/main?filename=" + path + "&value=" + encodeURIComponent(text);
        fits = url.length <= MAX_GITHUB_URL;
        // GitHub refuses very long addresses: a long story goes by the upload page instead.
        github.setAttribute("href", fits ? url : repo + "/upload/main/stories");
        githubNote.hidden = !fits;
        longNote.hidden = fits;
        status.textContent = "";
        drawPreview(d);
        part.hidden = false;
        heading.focus();
        heading.scrollIntoView({ block: "start" });
      },
      // True if there was a file to take away.
      hide: function () {
        var shown = !part.hidden;
        part.hidden = true;
        download.removeAttribute("href");
        emailDownload.removeAttribute("href");
        mailto.removeAttribute("href");
        github.removeAttribute("href");
        if (blobUrl) { URL.revokeObjectURL(blobUrl); blobUrl = null; }
        return shown;
      },
    };
  }

  // ------------------------------------------------------------------- start --
  function fetchJson(attribute) {
    var address = form.getAttribute(attribute);
    return fetch(new URL(address, location.href).href, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error(address + ": " + response.status);
      return response.json();
    });
  }

  function failed(error) {
    if (window.console) console.error("Story form:", error);
    var message = el("p", { class: "dw-sf-failed", role: "alert" });
    var link = el("a", { href: "../#on-github" }, "edit on GitHub");
    append(message, document.createTextNode("Sorry, the form could not load. Reload the page to try again, or share your story another way: "),
      link, document.createTextNode("."));
    form.parentNode.insertBefore(message, form);
  }

  Promise.all([
    fetchJson("data-schema"),
    fetchJson("data-vocabularies"),
    // Existing stories, to warn about a title or file name already in use; optional.
    fetchJson("data-stories").then(function (data) { return data.stories || []; }, function () { return null; }),
  ]).then(function (loaded) {
    // The checker's limits, published with the vocabularies: the copies above are only fallbacks.
    var limits = loaded[1].limits || {};
    MAX_FILE_BYTES = limits.max_file_bytes || MAX_FILE_BYTES;
    MAX_SLUG_LENGTH = limits.max_slug_length || MAX_SLUG_LENGTH;
    MAX_LINE_LENGTH = limits.max_line_length || MAX_LINE_LENGTH;
    MAX_EMPHASIS_RUN = limits.max_emphasis_run || MAX_EMPHASIS_RUN;
    MAX_BRACKETS = limits.max_brackets || MAX_BRACKETS;
    RESERVED_SLUGS = limits.reserved_slugs || RESERVED_SLUGS;
    build(loaded[0], loaded[1], loaded[2]);
  }).catch(failed);
})();
