/**
 * The README with the content between `<!-- <name>:start -->` and `<!-- <name>:end -->`
 * replaced; the markers stay, each on a line of its own. A README without both markers is an
 * error: the section would otherwise go missing without a word.
 */
export function withReadmeSection(readme: string, name: string, content: string): string {
  const start = `<!-- ${name}:start -->\n`;
  const end = `\n<!-- ${name}:end -->`;
  const from = readme.indexOf(start);
  const to = readme.indexOf(end, from);
  if (from < 0 || to < 0) throw new Error(`the README has no section between ${start.trim()} and ${end.trim()}`);
  return readme.slice(0, from + start.length) + content + readme.slice(to);
}
