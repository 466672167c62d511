// Splits the widget's stylesheet for the embed loader (js/build-embed.mjs): the rules that can
// style the loader's early button (its placeholder) are parsed when the button is drawn, the
// rest only when the wasm is on its way (issue 15: parsing the whole stylesheet was on the path
// from page load to the first button, 1–4 ms of the element's set-up in bench/page-load.mjs).
//
// A rule is left for later only when each of its selectors needs an element with a class the
// placeholder never has: such a rule cannot match anything before the wasm's widget is there.
// Classes inside :not(), :has(), :is(), :where() and :host() do not count as needed (a rule
// with them stays first): wrong that way costs a few bytes parsed early, never an unstyled
// button. At-rules other than @media / @supports stay first whole.

/**
 * `css` (minified or not, no nesting) → `[[text, first], …]`: consecutive pieces whose texts
 * joined are the whole stylesheet in its own order (so the cascade is unchanged), `first` true
 * for the pieces that can style the placeholder. An @media / @supports block whose rules are of
 * both kinds becomes one block per run of rules of one kind, in order.
 */
export function splitCss(css, placeholderClasses) {
  const known = new Set(placeholderClasses);
  const pieces = [];
  const push = (text, first) => {
    const last = pieces[pieces.length - 1];
    if (last && last[1] === first) last[0] += text;
    else pieces.push([text, first]);
  };
  for (const block of blocks(stripComments(css))) {
    if (block.body === null) push(`${block.prelude};`, true);
    else if (/^@(media|supports)\b/i.test(block.prelude)) {
      for (const [text, first] of splitCss(block.body, placeholderClasses)) push(`${block.prelude}{${text}}`, first);
    } else push(`${block.prelude}{${block.body}}`, block.prelude.startsWith('@') || !selectorsNeedOthers(block.prelude, known));
  }
  return pieces;
}

/** The stylesheet of the placeholder and the whole one, from splitCss's pieces. */
export function firstAndWhole(pieces) {
  return { first: pieces.filter(([, first]) => first).map(([text]) => text).join(''), whole: pieces.map(([text]) => text).join('') };
}

/** Whether every selector of the list needs a class outside `known`. */
function selectorsNeedOthers(list, known) {
  return splitTopLevel(list, ',').every((selector) => neededClasses(selector).some((c) => !known.has(c)));
}

/** The classes a selector needs its elements to have (functional pseudo-classes left out). */
export function neededClasses(selector) {
  let plain = selector.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""').replace(/\[[^\]]*\]/g, '');
  // Innermost parentheses first, until none are left: :not(.a :is(.b)) goes whole.
  let before;
  do {
    before = plain;
    plain = plain.replace(/:[\w-]+\([^()]*\)/g, '');
  } while (plain !== before);
  return [...plain.matchAll(/\.(-?[_a-zA-Z][\w-]*)/g)].map((m) => m[1]);
}

function stripComments(css) {
  return css.replace(/\/\*[\s\S]*?\*\//g, '');
}

/** Top-level statements: `{prelude, body}` (body null for `@charset …;`-like ones). */
function blocks(css) {
  const out = [];
  let i = 0;
  while (i < css.length) {
    let j = i;
    let quote = null;
    while (j < css.length) {
      const ch = css[j];
      if (quote) {
        if (ch === '\\') j += 1;
        else if (ch === quote) quote = null;
      } else if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '{' || ch === ';') break;
      j += 1;
    }
    const prelude = css.slice(i, j).trim();
    if (j >= css.length) {
      if (prelude) throw new Error(`critical-css: unterminated rule "${prelude.slice(0, 60)}"`);
      break;
    }
    if (css[j] === ';') {
      if (prelude) out.push({ prelude, body: null });
      i = j + 1;
      continue;
    }
    let depth = 1;
    let k = j + 1;
    quote = null;
    while (k < css.length && depth > 0) {
      const ch = css[k];
      if (quote) {
        if (ch === '\\') k += 1;
        else if (ch === quote) quote = null;
      } else if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '{') depth += 1;
      else if (ch === '}') depth -= 1;
      k += 1;
    }
    if (depth > 0) throw new Error(`critical-css: unbalanced braces after "${prelude.slice(0, 60)}"`);
    out.push({ prelude, body: css.slice(j + 1, k - 1) });
    i = k;
  }
  return out;
}

/** `text` split on `sep` outside parentheses, brackets and strings. */
function splitTopLevel(text, sep) {
  const parts = [];
  let depth = 0;
  let quote = null;
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\') i += 1;
      else if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '(' || ch === '[') depth += 1;
    else if (ch === ')' || ch === ']') depth -= 1;
    else if (ch === sep && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter(Boolean);
}
