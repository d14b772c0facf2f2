// What a person types for a silence's matchers, read into the list POST /api/v1/silences takes: words separated by
// spaces, each LABEL=VALUE, LABEL!=VALUE, LABEL=~REGEX or LABEL!~REGEX, a value in double quotes when it has
// spaces (the CLI's --match reads the same forms). Which labels exist and whether a regex compiles the API says.

const MATCHER = /^([A-Za-z_][A-Za-z0-9_]*)(=~|!~|!=|=)(.*)$/s;
export const FORMS = "LABEL=VALUE, LABEL!=VALUE, LABEL=~REGEX or LABEL!~REGEX";

export function words(text) {
  const found = [];
  let word = null;
  let quoted = false;
  for (let at = 0; at < text.length; at += 1) {
    const ch = text[at];
    if (quoted && ch === "\\" && at + 1 < text.length) {
      word += text[(at += 1)];
    } else if (ch === '"') {
      quoted = !quoted;
      word = word ?? "";
    } else if (!quoted && /\s/.test(ch)) {
      if (word !== null) found.push(word);
      word = null;
    } else {
      word = (word ?? "") + ch;
    }
  }
  if (quoted) throw new Error("a double quote is not closed");
  if (word !== null) found.push(word);
  return found;
}

/** The matchers, or an Error saying which word is wrong and how to write it. */
export function parseMatchers(text) {
  const found = words(text);
  if (found.length === 0) throw new Error(`write at least one matcher, like environment=staging (${FORMS})`);
  return found.map((word) => {
    const parts = MATCHER.exec(word);
    if (!parts) throw new Error(`"${word}": write it like ${FORMS} (for example environment=staging)`);
    return { label: parts[1], op: parts[2], value: parts[3] };
  });
}
