// Spectral function: a body's `content` lists exactly the API's four media types, JSON first.
const EXPECTED = ["application/json", "text/json", "application/xml", "text/xml"];

module.exports = (target) => {
  const content = target && target.content;
  if (!content) return [];
  const actual = Object.keys(content);
  if (actual.length === EXPECTED.length && actual.every((type, i) => type === EXPECTED[i])) return [];
  return [{ message: `media types must be ${EXPECTED.join(", ")} in that order; found ${actual.join(", ")}` }];
};
