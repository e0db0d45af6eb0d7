/** One setting of a convict schema, as the schema declares it. */
interface Setting {
  readonly doc: string;
  readonly format: unknown;
  readonly default: unknown;
  readonly env?: string;
  readonly sensitive?: boolean;
}

/**
 * The configuration reference: a Markdown table of every setting of a convict schema, in the
 * schema's order, with its key, environment variable, default, accepted values and doc. The
 * README holds it between `<!-- config:start -->` and `<!-- config:end -->`
 * (`npm run docs:config` writes it; a test fails when it differs).
 */
export function configReference(schema: object): string {
  const rows = settingsOf(schema, []).map(([key, setting]) =>
    [
      code(key),
      setting.env ? code(setting.env) : '',
      defaultOf(setting.default),
      formatOf(setting.format),
      prose(setting.doc + (setting.sensitive ? ' Redacted in logs.' : '')),
    ]
      .map(cell)
      .join(' | '),
  );
  return ['| key | variable | default | values | what it does |', '|---|---|---|---|---|', ...rows.map((row) => `| ${row} |`)].join('\n');
}

function settingsOf(node: object, path: string[]): Array<[string, Setting]> {
  return Object.entries(node).flatMap(([name, value]: [string, object]) =>
    'default' in value ? [[[...path, name].join('.'), value as Setting] as [string, Setting]] : settingsOf(value, [...path, name]),
  );
}

function defaultOf(value: unknown): string {
  if (value === '' || (Array.isArray(value) && value.length === 0)) return 'empty';
  return code(Array.isArray(value) ? value.join(',') : String(value));
}

/** Convict's formats, named as a user would type the value. */
function formatOf(format: unknown): string {
  if (Array.isArray(format)) return format.map((choice) => code(String(choice))).join(', ');
  if (format === 'nat') return 'integer ≥ 0';
  if (format === 'int') return 'integer';
  if (format === 'port') return 'port';
  if (format === Boolean) return `${code('true')}, ${code('false')}`;
  if (format === Array) return 'comma-separated list';
  if (format === String) return 'text';
  throw new Error(`the configuration reference has no name for the format ${String(format)}`);
}

/** Doc text, where `<dataDir>` must read as text, not as an HTML tag. */
function prose(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function code(text: string): string {
  return `\`${text}\``;
}

/** Keeps a table cell on one line and out of the table's syntax. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}
