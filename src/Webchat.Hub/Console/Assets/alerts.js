// Alerts for the signed-in employee: the unread count in the tab's title, and, when they opted in
// (Settings), a browser notification and a short sound for a new chat or message in a task that is
// theirs or nobody's. Nothing for the task open in a visible tab. It hears the live feed that
// console.js opens (a 'webchat:live' event), or opens its own on pages without live parts.
'use strict';
(() => {
  const me = document.getElementById('console-me');
  if (!me || !('EventSource' in window)) {
    return;
  }
  const baseTitle = document.title;
  const scope = document.querySelector('[data-live-scope]');
  let seen = null; // task number -> newest unread message id, as last fetched
  let timer = 0;

  const openTask = () => (scope && scope.dataset.liveScope !== 'all' && document.visibilityState === 'visible'
    ? scope.dataset.liveScope : null);

  function beep() {
    try {
      const audio = new AudioContext();
      const tone = audio.createOscillator();
      const volume = audio.createGain();
      tone.frequency.value = 880;
      volume.gain.value = 0.1;
      tone.connect(volume).connect(audio.destination);
      tone.start();
      tone.stop(audio.currentTime + 0.15);
      tone.onended = () => audio.close();
    } catch {
      // No sound on this browser: the notification and the title still say it.
    }
  }

  function notify(alert) {
    if (me.dataset.notify === 'on' && 'Notification' in window && Notification.permission === 'granted') {
      const body = alert.text || me.dataset.files.replace('{0}', String(alert.files));
      const note = new Notification(alert.contact, { body, tag: `webchat-task-${alert.task}`, lang: document.documentElement.lang });
      note.onclick = () => {
        window.focus();
        window.location.href = `/tasks/${alert.task}`;
      };
    }
    if (me.dataset.sound === 'on') {
      beep();
    }
  }

  async function check() {
    let answer;
    try {
      answer = await fetch('/console/alerts', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    } catch {
      return; // The next event checks again.
    }
    if (!answer.ok || answer.redirected) {
      return;
    }
    const alerts = await answer.json();
    const open = openTask();
    const fresh = new Map(alerts.tasks.map((alert) => [String(alert.task), alert]));
    if (seen !== null) {
      fresh.forEach((alert, task) => {
        if (task !== open && (seen.get(task) ?? 0) < alert.message) {
          notify(alert);
        }
      });
    }
    seen = new Map([...fresh].map(([task, alert]) => [task, alert.message]));
    // The open task reads its messages as it shows them: they are not counted.
    const unread = alerts.unread - (open && fresh.has(open) ? fresh.get(open).unread : 0);
    document.title = unread > 0 ? `(${unread}) ${baseTitle}` : baseTitle;
    me.dataset.unread = String(unread);
  }

  const later = () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(check, 150);
  };
  const heard = (change) => {
    if (change.kind !== 'status') {
      later();
    }
  };

  if (scope) {
    document.addEventListener('webchat:live', (event) => heard(event.detail));
  } else {
    const source = new EventSource('/live');
    source.addEventListener('open', () => heard({ kind: 'open' }));
    source.addEventListener('message', (event) => heard(JSON.parse(event.data)));
  }
  document.addEventListener('visibilitychange', later);

  // Settings: turning notifications on asks the browser's permission, in the click that turned them on.
  const ask = document.querySelector('input[data-asks-permission]');
  if (ask && 'Notification' in window) {
    ask.addEventListener('change', () => {
      if (ask.checked && Notification.permission === 'default') {
        Notification.requestPermission();
      }
    });
  }
  check();
})();
