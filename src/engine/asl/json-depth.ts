/**
 * How deeply a JSON text nests arrays and objects, read from the text without parsing it: the
 * interpreter and the JSON serialiser recurse per level, so depth has to be known before they run.
 * Brackets inside strings do not count.
 */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

/**
 * Deepest nesting the engine accepts in an execution input or a definition. AWS documents no
 * such limit; the JSON parsers AWS services are commonly built on refuse 1,000 levels by default,
 * and the interpreter's recursion stays well inside the stack below it.
 */
export const MAX_JSON_DEPTH = 1_000;
