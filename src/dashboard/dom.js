/**
 * Building the page from data without ever parsing it as markup: every text, the server's
 * included, goes in as a text node or a property, never through innerHTML.
 */

/**
 * An element: `props` are set as DOM properties (`className`, `title`, `disabled`, ...),
 * `dataset` as data-* attributes, `on<event>` as listeners; children are nodes or text.
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null) continue;
    if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node[key] = value;
  }
  node.append(...children.flat().filter((child) => child !== undefined && child !== null && child !== false).map((child) => (child instanceof Node ? child : String(child))));
  return node;
}

/** An SVG element with its attributes. */
export function svg(tag, attributes = {}) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  return node;
}

/** Sets a node's text, touching the page only when it changed. */
export function setText(node, text) {
  const value = String(text);
  if (node.textContent !== value) node.textContent = value;
}

/** Replaces a node's children. */
export function replaceChildren(node, ...children) {
  node.replaceChildren(...children.flat().map((child) => (child instanceof Node ? child : String(child))));
}
