// The web chat page: gets a token, keeps the conversation across reloads (sessionStorage),
// clears it on request, hides it after the idle time (the person can carry on or start afresh),
// and shows Bot Framework Web Chat.
(function () {
  'use strict';

  var config = JSON.parse(document.getElementById('chat-config').textContent);
  var words = config.wording;
  var SESSION_KEY = 'outcomes-bot.chat';
  var storage = sessionStorageOrMemory();
  var idleMs = config.idleMinutes * 60 * 1000;
  // WCAG 2.2.1: warn at least 20 seconds before the time runs out, with a way to carry on.
  var warnMs = Math.min(60 * 1000, idleMs / 2);

  var noticeBox = document.getElementById('notice');
  var noticeText = document.getElementById('notice-text');
  var noticeButton = document.getElementById('notice-button');
  var noticeOther = document.getElementById('notice-other');
  var chatBox = document.getElementById('webchat');
  var clearButton = document.getElementById('clear-chat');
  var clearDialog = document.getElementById('clear-dialog');
  var idleDialog = document.getElementById('idle-dialog');

  var directLine = null;
  var session = null;
  var idleTimer = null;

  /**
   * Browsers that block third-party storage throw on any use of sessionStorage inside another site's frame.
   * Then the chat lives in memory: it still works, but a reload starts afresh.
   */
  function sessionStorageOrMemory() {
    try {
      var s = window.sessionStorage;
      s.setItem('outcomes-bot.probe', '1');
      s.removeItem('outcomes-bot.probe');
      return s;
    } catch (e) {
      var memory = {};
      return {
        getItem: function (k) { return Object.prototype.hasOwnProperty.call(memory, k) ? memory[k] : null; },
        setItem: function (k, v) { memory[k] = String(v); },
        removeItem: function (k) { delete memory[k]; },
      };
    }
  }

  function readSession() {
    try {
      var saved = JSON.parse(storage.getItem(SESSION_KEY) || 'null');
      return saved && typeof saved.token === 'string' && typeof saved.domain === 'string' ? saved : null;
    } catch (e) {
      return null;
    }
  }

  function saveSession() {
    if (!session) return;
    if (directLine && typeof directLine.token === 'string') session.token = directLine.token;
    var copy = Object.assign({}, session);
    delete copy.resumed;
    storage.setItem(SESSION_KEY, JSON.stringify(copy));
  }

  function touch() {
    if (!session) return;
    session.lastActive = Date.now();
    saveSession();
  }

  function showNotice(text, buttonLabel, onPress, otherLabel, onOther) {
    noticeText.textContent = text;
    noticeBox.hidden = false;
    setButton(noticeButton, buttonLabel, onPress);
    setButton(noticeOther, otherLabel, onOther);
  }

  function setButton(button, label, onPress) {
    button.hidden = !label;
    button.textContent = label || '';
    button.onclick = label ? onPress : null;
  }

  function hideNoticeButtons() {
    setButton(noticeButton);
    setButton(noticeOther);
  }

  /**
   * Hides an idle chat: the page reloads so nothing of the conversation stays on screen or in memory,
   * but the session stays in sessionStorage so the person can carry on (see offerToCarryOn).
   */
  function hideChat() {
    // Not directLine.end(): "ended" would wipe the saved session (see connectionStatus$). The reload ends it.
    saveSession();
    history.replaceState(null, '', location.pathname + location.search + '#idle');
    location.reload();
  }

  /** After the idle time: carry on with the same conversation (its token refreshed), or start a new chat. */
  function offerToCarryOn(saved) {
    showNotice(
      words.idleHidden,
      words.carryOn,
      async function () {
        hideNoticeButtons();
        showNotice(words.loading);
        var refreshed = await refreshSaved(saved);
        if (!refreshed) {
          // Past the token's life: the conversation cannot be reached from this page any more.
          storage.removeItem(SESSION_KEY);
          showNotice(words.carryOnFailed, words.startNew, startNew);
          noticeButton.focus();
          return;
        }
        session = Object.assign(refreshed, { lastActive: Date.now() });
        startWebChat();
      },
      words.startNew,
      startNew
    );
    noticeButton.focus();
  }

  function startNew() {
    storage.removeItem(SESSION_KEY);
    hideNoticeButtons();
    start();
  }

  /** Wipes the chat from this device, then reloads so nothing of it stays in memory either; the address says why. */
  function clearChat(reason) {
    try {
      if (directLine) directLine.end();
    } catch (e) {
      // Already ended.
    }
    storage.removeItem(SESSION_KEY);
    history.replaceState(null, '', location.pathname + location.search + '#' + reason);
    location.reload();
  }

  async function refreshSaved(saved) {
    try {
      var res = await fetch(saved.domain + '/tokens/refresh', { method: 'POST', headers: { authorization: 'Bearer ' + saved.token } });
      if (!res.ok) return null;
      var body = await res.json();
      return typeof body.token === 'string' ? Object.assign({}, saved, { token: body.token, resumed: true }) : null;
    } catch (e) {
      return null;
    }
  }

  /** The saved conversation if it is still fresh, otherwise a new one from the bot's token route. */
  async function getSession() {
    var saved = readSession();
    if (saved && Date.now() - (saved.lastActive || 0) < idleMs) {
      var refreshed = await refreshSaved(saved);
      if (refreshed) return refreshed;
    }
    storage.removeItem(SESSION_KEY);
    var res = await fetch(config.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    if (!res.ok) throw new Error('token ' + res.status);
    var fresh = await res.json();
    return {
      token: fresh.token,
      conversationId: fresh.conversationId,
      userId: fresh.userId,
      domain: new URL(fresh.domain, new URL(config.tokenUrl, location.href)).href.replace(/\/+$/, ''),
      webSocket: fresh.webSocket === true,
      lastActive: Date.now(),
      resumed: false,
    };
  }

  /**
   * Web Chat would show a card's words twice: once as the message text and once in the card.
   * The text moves to 'webchat:fallback-text', which Web Chat reads to screen readers instead of
   * the card, so everyone gets the words once.
   */
  function cardTextOnce() {
    return function (next) {
      return function (action) {
        if (action.type === 'DIRECT_LINE/INCOMING_ACTIVITY') {
          var activity = action.payload.activity;
          var hasCard = (activity.attachments || []).some(function (a) {
            return a.contentType === 'application/vnd.microsoft.card.adaptive';
          });
          if (activity.text && hasCard && (activity.from || {}).role !== 'user') {
            var channelData = Object.assign({}, activity.channelData, { 'webchat:fallback-text': activity.text });
            var attachments = activity.attachments.map(keepNumbersAsWritten);
            action = Object.assign({}, action, {
              payload: Object.assign({}, action.payload, {
                activity: Object.assign({}, activity, { text: '', channelData: channelData, attachments: attachments }),
              }),
            });
          }
        }
        if (action.type === 'DIRECT_LINE/POST_ACTIVITY') touch();
        return next(action);
      };
    };
  }

  /**
   * Web Chat reads a card's TextBlock as Markdown, so "14. Money" would become a list item numbered 1.
   * Escaping the full stop keeps the number the person is asked to type.
   */
  function keepNumbersAsWritten(attachment) {
    if (attachment.contentType !== 'application/vnd.microsoft.card.adaptive') return attachment;
    var walk = function (node) {
      if (Array.isArray(node)) return node.map(walk);
      if (!node || typeof node !== 'object') return node;
      var copy = {};
      Object.keys(node).forEach(function (key) {
        copy[key] = walk(node[key]);
      });
      if (copy.type === 'TextBlock' && typeof copy.text === 'string') copy.text = copy.text.replace(/^(\d+)\. /, '$1\\. ');
      return copy;
    };
    return Object.assign({}, attachment, { content: walk(attachment.content) });
  }

  function checkIdle() {
    if (!session) return;
    var idleFor = Date.now() - session.lastActive;
    if (idleFor >= idleMs) {
      hideChat();
    } else if (idleFor >= idleMs - warnMs && !idleDialog.open) {
      idleDialog.showModal();
    }
  }

  function startWebChat() {
    var styleOptions = {
      accent: config.colours.accent,
      backgroundColor: config.colours.background,
      bubbleFromUserBackground: config.colours.primary,
      bubbleFromUserTextColor: config.colours.onPrimary,
      bubbleFromUserBorderColor: config.colours.primary,
      subtle: config.colours.text,
      primaryFont: 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif',
      bubbleMaxWidth: 600,
      hideUploadButton: true,
      sendBoxTextWrap: true,
      maxMessageLength: config.maxTextLength,
      rootHeight: '100%',
    };
    directLine = window.WebChat.createDirectLine({
      domain: session.domain,
      token: session.token,
      conversationId: session.resumed ? session.conversationId : undefined,
      webSocket: session.webSocket,
      // The built-in channel holds each poll open until there is news, so this is only the gap between polls.
      pollingInterval: config.pollingInterval,
    });
    directLine.connectionStatus$.subscribe(function (status) {
      // 2 = online; 3 = failed to connect, 4 = token expired, 5 = ended: start afresh.
      if (status === 2) saveSession();
      if (status === 3 || status === 4 || status === 5) {
        storage.removeItem(SESSION_KEY);
        showNotice(words.loadFailed, words.tryAgain, function () {
          location.reload();
        });
      }
    });
    window.WebChat.renderWebChat(
      {
        directLine: directLine,
        store: window.WebChat.createStore({}, function () {
          return cardTextOnce();
        }),
        locale: 'en-GB',
        nonce: config.nonce,
        role: 'region',
        styleOptions: styleOptions,
        overrideLocalizedStrings: { TEXT_INPUT_PLACEHOLDER: words.sendBoxPlaceholder },
      },
      chatBox
    );
    chatBox.hidden = false;
    noticeBox.hidden = true;
    clearButton.hidden = false;
    saveSession();
    // Refreshed tokens are kept, so a reload carries on with the same conversation.
    setInterval(saveSession, 60 * 1000);
    idleTimer = setInterval(checkIdle, 5 * 1000);
  }

  async function start() {
    showNotice(words.loading);
    try {
      session = await getSession();
    } catch (e) {
      showNotice(words.loadFailed, words.tryAgain, start);
      return;
    }
    startWebChat();
  }

  ['keydown', 'pointerdown'].forEach(function (type) {
    document.addEventListener(type, touch, true);
  });
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'visible') checkIdle();
  });

  clearButton.addEventListener('click', function () {
    clearDialog.showModal();
  });
  document.getElementById('clear-yes').addEventListener('click', function () {
    clearChat('cleared');
  });
  document.getElementById('clear-no').addEventListener('click', function () {
    clearDialog.close();
    clearButton.focus();
  });
  document.getElementById('idle-stay').addEventListener('click', function () {
    touch();
    idleDialog.close();
  });

  var notice = location.hash.slice(1);
  var saved = readSession();
  if (notice === 'cleared' || notice === 'idle') history.replaceState(null, '', location.pathname + location.search);
  if (notice === 'cleared') {
    showNotice(words.cleared, words.startNew, startNew);
  } else if (saved && (notice === 'idle' || Date.now() - (saved.lastActive || 0) >= idleMs)) {
    // Hidden while idle, or the page was closed and opened again after the idle time: ask first.
    offerToCarryOn(saved);
  } else {
    start();
  }
})();
