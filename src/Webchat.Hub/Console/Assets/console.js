// The console's one script (no build step). It shows times in the reader's time zone, inserts
// quick replies, and keeps pages live: on the hub's server-sent events that concern the page, it
// fetches the page again (at most every 50 ms, one fetch at a time) and swaps its live parts.
'use strict';
(() => {
  // In the page's language (the reader's choice), not only the browser's.
  const language = document.documentElement.lang || undefined;
  const timeOnly = new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit' });
  const dateTime = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });

  function localTimes(root) {
    root.querySelectorAll('time[datetime]').forEach((element) => {
      const at = new Date(element.getAttribute('datetime'));
      if (Number.isNaN(at.getTime())) {
        return;
      }
      const today = new Date().toDateString() === at.toDateString();
      element.textContent = element.dataset.style === 'short' && today ? timeOnly.format(at) : dateTime.format(at);
      element.title = dateTime.format(at);
    });
  }

  document.addEventListener('change', (event) => {
    const control = event.target;
    if (control.matches('select[data-insert-into]') && control.value) {
      const box = document.getElementById(control.dataset.insertInto);
      const start = box.selectionStart ?? box.value.length;
      const end = box.selectionEnd ?? box.value.length;
      box.value = box.value.slice(0, start) + control.value + box.value.slice(end);
      box.focus();
      box.selectionStart = box.selectionEnd = start + control.value.length;
      control.value = '';
    }
  });

  // A live part the reader is changing (a choice made, text typed) is left alone until it is sent.
  function isDirty(part) {
    return [...part.querySelectorAll('input, textarea, select')].some((control) => {
      if (control.matches('select')) {
        return [...control.options].some((option) => option.selected !== option.defaultSelected);
      }
      if (control.type === 'checkbox' || control.type === 'radio') {
        return control.checked !== control.defaultChecked;
      }
      return control.type !== 'hidden' && control.value !== control.defaultValue;
    });
  }

  const scope = document.querySelector('[data-live-scope]');
  if (scope && 'EventSource' in window) {
    const wanted = scope.dataset.liveScope;
    let timer = 0;
    let running = false;
    let again = false;

    const refresh = async () => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      try {
        const answer = await fetch(window.location.href, { credentials: 'same-origin', headers: { 'X-Live-Refresh': '1' } });
        if (answer.redirected) {
          window.location.reload();
          return;
        }
        if (answer.ok) {
          const fresh = new DOMParser().parseFromString(await answer.text(), 'text/html');
          document.querySelectorAll('[data-live]').forEach((part) => {
            const replacement = fresh.getElementById(part.id);
            if (replacement && !isDirty(part)) {
              part.replaceWith(replacement);
              localTimes(replacement);
            }
          });
          scope.dataset.liveVersion = String(Number(scope.dataset.liveVersion || '0') + 1);
        }
      } catch {
        // The next event, or the reconnection, refreshes again.
      } finally {
        running = false;
        if (again) {
          again = false;
          refresh();
        }
      }
    };

    const source = new EventSource('/live');
    source.addEventListener('open', () => {
      document.dispatchEvent(new CustomEvent('webchat:live', { detail: { kind: 'open' } }));
      // Whatever changed between the page's rendering (or a lost connection) and now is fetched once.
      refresh();
      scope.dataset.liveConnected = 'true';
    });
    source.addEventListener('message', (event) => {
      const change = JSON.parse(event.data);
      // alerts.js hears the same feed (notifications, the title's count).
      document.dispatchEvent(new CustomEvent('webchat:live', { detail: change }));
      // A task page's own reading (its refresh marks the task read) changes nothing it shows.
      if (wanted !== 'all' && (String(change.task) !== wanted || change.kind === 'read')) {
        return;
      }
      // At most one refresh per 50 ms however fast events come: a timer restarted on every event
      // would never fire while the hub is busy. The refresh reads the whole live state, so every
      // event up to its start is shown by it; later ones schedule the next.
      if (!timer) {
        timer = window.setTimeout(() => {
          timer = 0;
          refresh();
        }, 50);
      }
    });
  }

  localTimes(document);
  const reply = document.querySelector('form.reply');
  if (reply && document.querySelector('.thread li:last-child')) {
    reply.scrollIntoView({ block: 'end' });
  }
})();
