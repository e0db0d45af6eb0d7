import type { SeededRandom } from './seeded-random.js';

/** What articles are about, each with the tags it is filed under. */
const SUBJECTS: readonly { readonly subject: string; readonly tags: readonly string[] }[] = [
  { subject: 'event sourcing', tags: ['event-sourcing', 'architecture'] },
  { subject: 'CQRS read models', tags: ['cqrs', 'architecture'] },
  { subject: 'blue/green projection rebuilds', tags: ['projections', 'operations'] },
  { subject: 'idempotent HTTP APIs', tags: ['api', 'reliability'] },
  { subject: 'SQLite in production', tags: ['sqlite', 'databases'] },
  { subject: 'sourdough at home', tags: ['baking', 'food'] },
  { subject: 'the cafés of Lisbon', tags: ['travel', 'coffee'] },
  { subject: 'São Paulo’s street food', tags: ['travel', 'food'] },
  { subject: 'trail running in the Pyrenees', tags: ['running', 'outdoors'] },
  { subject: 'crème brûlée without a torch', tags: ['baking', 'food', 'recipes'] },
  { subject: 'Nordic minimalism', tags: ['design', 'home'] },
  { subject: 'urban gardening', tags: ['garden', 'home'] },
  { subject: 'observability with Prometheus', tags: ['operations', 'monitoring'] },
  { subject: 'learning Español as an adult', tags: ['languages', 'learning'] },
  { subject: 'the Zürich tram network', tags: ['travel', 'transport'] },
  { subject: 'consistency tokens', tags: ['cqrs', 'api'] },
];

const TITLES: readonly ((subject: string, n: number) => string)[] = [
  (s) => `A gentle introduction to ${s}`,
  (s, n) => `${n} lessons from a year of ${s}`,
  (s) => `What nobody tells you about ${s}`,
  (s) => `Why ${s} matters more than you think`,
  (s) => `Notes on ${s}`,
  (s, n) => `${n} mistakes I made with ${s}`,
  (s) => `${s[0]!.toUpperCase()}${s.slice(1)}: a field report`,
];

const SENTENCES: readonly ((subject: string) => string)[] = [
  (s) => `When I first came across ${s}, I did not expect it to change how I spend my weekends.`,
  () => 'The first attempt went badly, and the second one only slightly better.',
  (s) => `Most guides to ${s} skip the part where things go wrong, so this one starts there.`,
  () => 'A friend in Montréal suggested a simpler approach, and it turned out to be the right one.',
  () => 'It is worth measuring before and after: the numbers rarely say what you expect.',
  (s) => `There is a quiet community around ${s} that shares its notes generously.`,
  () => 'The details matter, but not all of them matter equally.',
  () => 'Start small, write down what you did, and change one thing at a time.',
  () => 'By the third week the routine felt natural, and the results showed it.',
  (s) => `If you try ${s} yourself, expect a few surprises along the way.`,
];

/** A made-up blog post: a title of at least 10 characters, a body of several paragraphs, and its tags. */
export function demoArticle(random: SeededRandom): { title: string; content: string; tags: string[] } {
  const { subject, tags } = random.pick(SUBJECTS);
  const title = random.pick(TITLES)(subject, random.int(3, 12));
  const paragraphs = Array.from({ length: random.int(3, 6) }, () =>
    Array.from({ length: random.int(2, 5) }, () => random.pick(SENTENCES)(subject)).join(' '),
  );
  const extra = random.chance(0.3) ? [random.pick(SUBJECTS).tags[0]!] : [];
  return { title, content: paragraphs.join('\n\n'), tags: [...new Set([...random.sample(tags, random.int(1, tags.length)), ...extra])] };
}
