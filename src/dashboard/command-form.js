import { el } from './dom.js';
import { COMMANDS } from './commands.js';

/**
 * The form that sends a command: pick one, edit its path and JSON body (an example is filled
 * in), send. The ids the API answers with are kept for the next examples.
 */
export class CommandForm {
  /** `send({ name, method, path, body })` resolves with the API's answer. */
  constructor(form, send) {
    this.form = form;
    this.ids = {};
    const { command, body } = form.elements;
    command.append(...COMMANDS.map((definition, index) => el('option', { value: String(index) }, definition.name)));
    command.addEventListener('change', () => this.fill());
    body.addEventListener('input', () => body.setCustomValidity(''));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const definition = COMMANDS[Number(command.value)];
      let parsed;
      try {
        parsed = JSON.parse(body.value);
      } catch (error) {
        body.setCustomValidity(`The body is not JSON: ${error.message}`);
        body.reportValidity();
        return;
      }
      const answer = await send({ name: definition.name, method: 'POST', path: form.elements.path.value.trim(), body: parsed });
      for (const [key, value] of Object.entries(answer ?? {})) if (key.endsWith('Id') && key !== 'correlationId' && typeof value === 'string') this.ids[key] = value;
      this.fill();
    });
    this.fill();
  }

  /** A fresh example of the chosen command. */
  fill() {
    const definition = COMMANDS[Number(this.form.elements.command.value)];
    this.form.elements.path.value = definition.path(this.ids);
    this.form.elements.body.value = JSON.stringify(definition.body(this.ids), null, 1).replace(/\n\s*/g, ' ');
  }
}
