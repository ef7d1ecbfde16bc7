// Paste one script tag on your site to get a chat button and panel:
//   <script src="https://YOUR-BOT-ADDRESS/embed.js" async></script>
// The panel shows the bot's own page in a frame; your site must be in the organisation file's allowedSites.
(function () {
  'use strict';
  var settings = /*EMBED_SETTINGS*/ {};
  var script = document.currentScript;
  if (!script || window.__outcomesBotEmbed) return;
  window.__outcomesBotEmbed = true;
  var origin = new URL(script.src).origin;

  function style(element, rules) {
    Object.keys(rules).forEach(function (name) {
      element.style.setProperty(name, rules[name]);
    });
    return element;
  }

  var button = style(document.createElement('button'), {
    position: 'fixed', right: '1rem', bottom: '1rem', 'z-index': '2147483000',
    padding: '0.75rem 1.25rem', 'min-height': '2.75rem', border: '2px solid ' + settings.onPrimary, 'border-radius': '2rem',
    background: settings.primary, color: settings.onPrimary, font: 'bold 1rem system-ui, sans-serif', cursor: 'pointer',
  });
  button.type = 'button';
  button.textContent = settings.button;
  button.setAttribute('aria-expanded', 'false');
  button.setAttribute('aria-controls', 'outcomes-bot-panel');

  var panel = style(document.createElement('div'), {
    position: 'fixed', right: '1rem', bottom: '4.5rem', 'z-index': '2147483000',
    width: 'min(26rem, calc(100vw - 2rem))', height: 'min(40rem, calc(100vh - 6rem))',
    display: 'none', 'flex-direction': 'column', background: '#ffffff',
    border: '2px solid ' + settings.primary, 'border-radius': '0.5rem', 'box-shadow': '0 4px 16px rgba(0,0,0,0.3)', overflow: 'hidden',
  });
  panel.id = 'outcomes-bot-panel';
  panel.setAttribute('role', 'region');
  panel.setAttribute('aria-label', settings.title);

  var close = style(document.createElement('button'), {
    'align-self': 'flex-end', margin: '0.25rem', padding: '0.5rem 0.75rem', 'min-height': '2.75rem',
    background: settings.primary, color: settings.onPrimary, border: '0', 'border-radius': '0.25rem',
    font: '1rem system-ui, sans-serif', cursor: 'pointer',
  });
  close.type = 'button';
  close.textContent = settings.close;

  var frame = null;

  function open() {
    if (!frame) {
      frame = style(document.createElement('iframe'), { flex: '1', border: '0', width: '100%' });
      frame.title = settings.title;
      frame.src = origin + '/?embed=1';
      panel.appendChild(frame);
    }
    panel.style.display = 'flex';
    button.setAttribute('aria-expanded', 'true');
    frame.focus();
  }

  function hide() {
    panel.style.display = 'none';
    button.setAttribute('aria-expanded', 'false');
    button.focus();
  }

  button.addEventListener('click', function () {
    if (panel.style.display === 'none') open();
    else hide();
  });
  close.addEventListener('click', hide);
  panel.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') hide();
  });

  panel.appendChild(close);
  function mount() {
    document.body.appendChild(panel);
    document.body.appendChild(button);
  }
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);
})();
