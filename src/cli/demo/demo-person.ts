import type { SeededRandom } from './seeded-random.js';

const FIRST_NAMES = [
  'Ana', 'José', 'Zoë', 'Björn', 'Chloé', 'Søren', 'Łukasz', 'Amélie', 'Jürgen', 'Inès', 'Mateo', 'Aoife', 'Nuño', 'Élodie',
  'Rafael', 'Mía', 'Oskar', 'Léa', 'Tomás', 'Saoirse', 'Hélène', 'Kai', 'Maëlle', 'Đorđe', 'Ayşe', 'Noah', 'Lucía', 'Ingrid',
  'Matthias', 'Renée', 'Iñaki', 'Zsófia', 'Camille', 'Emil', 'Frédéric', 'Olga', 'Priya', 'Sebastián', 'Yui', 'Ömer',
];

const LAST_NAMES = [
  'Pérez', 'García', 'Müller', 'Dubois', 'Nørgaard', 'Kowalczyk', 'Lefèvre', 'Martínez', 'Schröder', 'Rossi', "O'Brien",
  'Fernández', 'Åström', 'Lindqvist', 'Moreau', 'Öztürk', 'Novák', 'Sánchez', 'Ferreira', 'Gonçalves', 'Jovanović',
  'Nakamura', 'Fitzgerald', 'Weiß', 'Dvořák', 'Castillo', 'Brontë', 'Laurent', 'Papadopoulos', 'Kühn', 'Ibáñez', 'Sørensen',
];

const DOMAINS = ['example.com', 'example.org', 'example.net', 'mail.example.com', 'correo.example.es', 'post.example.de'];

/** Letters that Unicode does not decompose into a base letter and a mark. */
const PLAIN: Readonly<Record<string, string>> = { ł: 'l', ø: 'o', ß: 'ss', æ: 'ae', đ: 'd', ı: 'i', œ: 'oe', å: 'a' };

/**
 * A made-up person: a name with the accents real names have, and an email address made of it
 * in plain ASCII, unique among the addresses in `taken` (which it extends).
 */
export function demoPerson(random: SeededRandom, taken: Set<string>): { name: string; email: string } {
  const first = random.pick(FIRST_NAMES);
  const last = random.pick(LAST_NAMES);
  const local = `${ascii(first)}.${ascii(last)}`;
  const domain = random.pick(DOMAINS);
  let email = `${local}@${domain}`;
  for (let n = 2; taken.has(email); n++) email = `${local}${n}@${domain}`;
  taken.add(email);
  return { name: `${first} ${last}`, email };
}

function ascii(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^a-z]/g, (letter) => PLAIN[letter] ?? '');
}
