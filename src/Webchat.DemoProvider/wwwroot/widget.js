'use strict';
// The chat widget: sends the visitor's messages, shows the conversation live (server-sent events),
// and reports an employee's message as read once it is shown on a visible page.
(() => {
  const form = document.getElementById('chat-form');
  const log = document.getElementById('chat-log');
  const empty = document.getElementById('chat-empty');
  const connection = document.getElementById('chat-connection');
  const formError = document.getElementById('form-error');
  const button = form.querySelector('button[type="submit"]');
  const fields = ['name', 'email', 'phone', 'message'].reduce((all, name) => ({ ...all, [name]: document.getElementById(name) }), {});
  const unreported = new Set();
  let clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
  // The page's words in the visitor's language, until they arrive the English ones written in the page.
  let words = {};
  const say = (key, fallback, value) => (words[key] ?? fallback).replace('{0}', value ?? '');

  async function translate() {
    const response = await fetch('/api/text');
    if (!response.ok) {
      return;
    }
    const text = await response.json();
    words = text.texts;
    document.documentElement.lang = text.language;
    clock = new Intl.DateTimeFormat(text.language, { hour: '2-digit', minute: '2-digit' });
    document.querySelectorAll('[data-text]').forEach((element) => {
      if (words[element.dataset.text]) {
        element.textContent = words[element.dataset.text];
      }
    });
  }

  function isWebLink(url) {
    try {
      return ['http:', 'https:'].includes(new URL(url).protocol);
    } catch {
      return false;
    }
  }

  function render(entry) {
    if (log.querySelector(`li[data-id="${entry.id}"]`)) {
      return;
    }
    const item = document.createElement('li');
    item.dataset.id = String(entry.id);
    item.className = entry.author === 'Employee' ? 'employee' : 'visitor';
    const author = document.createElement('span');
    author.className = 'author';
    author.textContent = entry.author === 'Employee' ? entry.authorName : say('you', '{0} (you)', entry.authorName);
    const time = document.createElement('time');
    time.dateTime = entry.at;
    time.textContent = clock.format(new Date(entry.at));
    item.append(author, time);
    if (entry.text) {
      const text = document.createElement('p');
      text.className = 'text';
      text.textContent = entry.text;
      item.append(text);
    }
    const files = entry.attachments.filter((file) => isWebLink(file.url));
    if (files.length > 0) {
      const list = document.createElement('ul');
      list.className = 'files';
      list.setAttribute('aria-label', say('attachments', 'Attachments'));
      for (const file of files) {
        const link = document.createElement('a');
        link.href = file.url;
        link.textContent = file.name || file.url;
        link.target = '_blank';
        link.rel = 'noopener noreferrer';
        const li = document.createElement('li');
        li.append(link);
        list.append(li);
      }
      item.append(list);
    }
    // Lines arrive in order, but a reconnect replays them: keep the log sorted by id.
    const later = [...log.children].find((li) => Number(li.dataset.id) > entry.id);
    log.insertBefore(item, later ?? null);
    empty.hidden = true;
    log.scrollTop = log.scrollHeight;
    if (entry.author === 'Employee' && entry.hubMessageId) {
      unreported.add(entry.hubMessageId);
      reportRead();
    }
  }

  function reportRead() {
    if (document.visibilityState !== 'visible') {
      return;
    }
    for (const id of [...unreported]) {
      unreported.delete(id);
      fetch(`/api/messages/${encodeURIComponent(id)}/read`, { method: 'POST' })
        .then((response) => {
          if (response.status >= 500) {
            unreported.add(id);
          }
        })
        .catch(() => unreported.add(id));
    }
  }

  function showErrors(problem) {
    const errors = problem.errors ?? {};
    for (const [name, input] of Object.entries(fields)) {
      const message = errors[name]?.[0];
      const slot = document.getElementById(`${name}-error`);
      slot.textContent = message ?? '';
      slot.hidden = !message;
      input.setAttribute('aria-invalid', message ? 'true' : 'false');
    }
    const first = Object.keys(fields).find((name) => errors[name]);
    if (first) {
      fields[first].focus();
    }
    formError.textContent = first ? say('fixFields', 'Please fix the fields marked above.') : (problem.title ?? say('notSent', 'The message was not sent. Try again.'));
    formError.hidden = false;
  }

  function clearErrors() {
    showErrors({ errors: {} });
    formError.hidden = true;
  }

  async function send(event) {
    event.preventDefault();
    clearErrors();
    button.disabled = true;
    try {
      const response = await fetch('/api/messages', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(Object.fromEntries(Object.entries(fields).map(([name, input]) => [name, input.value]))),
      });
      if (response.ok) {
        render(await response.json());
        fields.message.value = '';
        fields.message.focus();
      } else {
        showErrors(await response.json().catch(() => ({})));
      }
    } catch {
      showErrors({ title: say('offline', 'The message was not sent: check your connection and try again.') });
    } finally {
      button.disabled = false;
    }
  }

  async function start() {
    // The first request issues the visitor's cookie; the live feed must wait for it, or it would get another one.
    const response = await fetch('/api/visitor');
    await translate();
    if (response.ok) {
      const visitor = await response.json();
      for (const name of ['name', 'email', 'phone']) {
        if (visitor[name] && !fields[name].value) {
          fields[name].value = visitor[name];
        }
      }
    }
    const events = new EventSource('/api/events');
    events.addEventListener('message', (event) => render(JSON.parse(event.data)));
    events.addEventListener('open', () => { connection.textContent = ''; });
    events.addEventListener('error', () => { connection.textContent = say('reconnecting', 'Reconnecting to the chat…'); });
  }

  form.addEventListener('submit', send);
  document.addEventListener('visibilitychange', reportRead);
  start().catch(() => { connection.textContent = say('unreachable', 'The chat could not be reached. Reload the page to try again.'); });
})();
