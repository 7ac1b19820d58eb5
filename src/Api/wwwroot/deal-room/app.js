// The deal-room page: opened at the room's signed link (/realtime/deal-rooms/{id}?access_token=...), it connects back to
// that same address with the SignalR client and reads and writes the room through the hub alone (it holds no API key).
// Everything people wrote is put on the page with textContent, never parsed as HTML.
(() => {
  "use strict";

  // The server refuses longer bodies too (and its message is shown); checked here so a long draft is not sent for nothing.
  const MAX_BODY = 4000;
  const PAGE_SIZE = 30;
  const CATCH_UP_PAGE_SIZE = 100;
  // While someone types, others hear it at most this often; they stop showing it this long after the last signal.
  const TYPING_SEND_EVERY_MS = 2500;
  const TYPING_SHOWN_FOR_MS = 4000;
  // Close enough to the top to fetch older messages, or to the bottom to follow new ones.
  const EDGE_PX = 80;

  const $ = (id) => document.getElementById(id);
  const ui = {
    name: $("room-name"), status: $("status"), banner: $("banner"), participants: $("participants"), log: $("log"),
    messages: $("messages"), historyStart: $("history-start"), historyLoading: $("history-loading"), typing: $("typing"),
    form: $("composer"), body: $("body"), send: $("send"), error: $("composer-error"),
  };

  const state = {
    me: null,
    participants: [],
    names: new Map(),
    shown: new Set(),          // ids of the messages on the page, so nothing is shown twice
    oldestId: null,
    newestId: null,
    newestSequence: 0,         // the room's numbering of the newest message shown: a live one further on means a gap
    hasOlder: false,
    loadingOlder: false,
    syncing: true,             // live messages wait in `pending` while the history is read, then join it in order
    pending: [],
    typers: new Map(),         // participantId -> timer that hides them
    lastTypingSent: 0,
    linkExpiresAt: null,
    lastRetryReason: null,
    early: [],                 // signals that came before the room said who this page is, handled once it has
    ended: false,
    sending: false,
  };

  const isUnauthorized = (error) => /Status code '401'/.test(String(error && error.message || error));
  const linkExpired = () => state.linkExpiresAt !== null && Date.now() >= state.linkExpiresAt;

  const connection = new signalR.HubConnectionBuilder()
    .withUrl(location.pathname + location.search)
    .withAutomaticReconnect({
      // Keep trying while the link can still open a connection; a refused (401) or expired link will not come back.
      nextRetryDelayInMilliseconds: (context) => {
        state.lastRetryReason = context.retryReason;
        if (isUnauthorized(context.retryReason) || linkExpired()) {
          return null;
        }
        return [0, 2000, 5000, 10000][Math.min(context.previousRetryCount, 3)];
      },
    })
    .configureLogging(signalR.LogLevel.Warning)
    .build();

  // ---- what the hub says -------------------------------------------------------------------------------------------

  connection.on("message", (message) => {
    stopShowingTyper(message.authorId);
    if (state.syncing) {
      state.pending.push(message);
    } else if (message.sequence > state.newestSequence + 1) {
      // A live signal was lost on the way (a fault in the cluster): fill the gap from the history, then show this one.
      state.pending.push(message);
      sync().catch(failed);
    } else {
      appendMessages([message]);
    }
  });

  /** Wraps a handler that needs to know who this page speaks for: until GetRoom has said it, calls wait in `early`. */
  const knowingMe = (handle) => (who) => {
    if (state.me === null) {
      state.early.push(() => handle(who));
    } else {
      handle(who);
    }
  };

  connection.on("typing", knowingMe((who) => {
    if (who.participantId !== state.me) {
      showTyper(who.participantId, who.name);
    }
  }));

  connection.on("participantJoined", knowingMe((who) => {
    if (who.participantId === state.me) {
      return;
    }
    appendNotice(`${who.name || who.participantId} joined`);
    if (!state.names.has(who.participantId)) {
      // Added since this page read the room.
      refreshRoom().catch(failed);
    }
  }));

  connection.on("participantLeft", knowingMe((who) => {
    if (who.participantId !== state.me) {
      stopShowingTyper(who.participantId);
      appendNotice(`${who.name || who.participantId} left`);
    }
  }));

  connection.on("participantRemoved", knowingMe((who) => {
    if (who.participantId === state.me) {
      end("You were removed from this deal room.");
      connection.stop().catch(() => {});
      return;
    }
    stopShowingTyper(who.participantId);
    appendNotice(`${who.name || who.participantId} was removed from the room`);
    state.participants = state.participants.filter((p) => p.id !== who.participantId);
    renderParticipants();
  }));

  connection.onreconnecting(() => {
    setStatus("reconnecting", "Connection lost; reconnecting…");
    state.syncing = true;
  });

  connection.onreconnected(() => {
    setStatus("connected", "Connected");
    sync().catch(failed);
  });

  connection.onclose((error) => {
    if (state.ended) {
      return;
    }
    const reason = error || state.lastRetryReason;
    if (isUnauthorized(reason) || linkExpired()) {
      end("This deal-room link has expired. Ask for a new link to rejoin the room.");
    } else if (/HubException: /.test(String(reason && reason.message))) {
      // The server closed the connection and said why (no longer a participant, the room is gone).
      end(serverMessage(reason));
    } else if (reason) {
      end(`The connection was lost (${serverMessage(reason)}). Reload the page to try again.`);
    } else {
      end("The connection was lost. Reload the page to try again.");
    }
  });

  // ---- start, and catching up after a reconnect --------------------------------------------------------------------

  async function start() {
    try {
      await connection.start();
    } catch (error) {
      end(isUnauthorized(error)
        ? "This deal-room link is not valid or has expired. Ask for a new link to join the room."
        : `Could not connect to the deal room: ${serverMessage(error)} Reload the page to try again.`);
      return;
    }
    setStatus("connected", "Connected");
    try {
      await sync();
    } catch (error) {
      failed(error);
    }
  }

  /** Reads the room, then the history: the newest page at first, after a reconnect everything newer than what is shown. */
  async function sync() {
    state.syncing = true;
    try {
      await refreshRoom();
      if (state.newestId === null) {
        // The newest page; older ones come as the reader scrolls up.
        const page = await connection.invoke("GetMessages", null, null, PAGE_SIZE);
        prependMessages(page.data);
        state.hasOlder = page.hasMore;
        scrollToBottom();
      } else {
        let page;
        do {
          page = await connection.invoke("GetMessages", null, state.newestId, CATCH_UP_PAGE_SIZE);
          appendMessages(page.data.slice().reverse());
        } while (page.hasMore && page.data.length > 0);
      }
    } finally {
      state.syncing = false;
      const pending = state.pending;
      state.pending = [];
      appendMessages(pending);
      renderHistoryEdge();
    }
    if (!state.ended) {
      ui.banner.hidden = true;
      enableComposer(true);
    }
    fillViewport();
  }

  async function refreshRoom() {
    const room = await connection.invoke("GetRoom");
    state.me = room.participantId;
    state.linkExpiresAt = Date.parse(room.linkExpiresAt);
    state.participants = room.participants;
    state.names = new Map(room.participants.map((p) => [p.id, p.name]));
    ui.name.textContent = room.name;
    document.title = `${room.name} · Deal room`;
    renderParticipants();
    const early = state.early;
    state.early = [];
    early.forEach((handle) => handle());
  }

  // ---- history -----------------------------------------------------------------------------------------------------

  async function loadOlder() {
    if (state.loadingOlder || !state.hasOlder || state.oldestId === null || state.ended) {
      return;
    }
    state.loadingOlder = true;
    ui.historyLoading.hidden = false;
    try {
      const page = await connection.invoke("GetMessages", state.oldestId, null, PAGE_SIZE);
      // Keep what the reader is looking at in place while older messages grow the list above it.
      const fromBottom = ui.log.scrollHeight - ui.log.scrollTop;
      prependMessages(page.data);
      state.hasOlder = page.hasMore;
      ui.log.scrollTop = ui.log.scrollHeight - fromBottom;
    } catch (error) {
      failed(error, "Could not load older messages");
    } finally {
      state.loadingOlder = false;
      ui.historyLoading.hidden = true;
      renderHistoryEdge();
    }
    fillViewport();
  }

  /** A short history does not fill the log, so no scroll would ever ask for more: ask now. */
  function fillViewport() {
    if (state.hasOlder && ui.log.scrollHeight <= ui.log.clientHeight + EDGE_PX) {
      loadOlder();
    }
  }

  ui.log.addEventListener("scroll", () => {
    if (ui.log.scrollTop < EDGE_PX) {
      loadOlder();
    }
  });

  /** A page of history as the hub gives it (newest first), put above everything shown. */
  function prependMessages(newestFirst) {
    for (const message of newestFirst) {
      if (state.shown.has(message.id)) {
        continue;
      }
      state.shown.add(message.id);
      ui.messages.insertBefore(messageItem(message), ui.messages.firstChild);
      state.oldestId = message.id;
      if (state.newestId === null) {
        state.newestId = message.id;
        state.newestSequence = message.sequence;
      }
    }
  }

  /** Messages newer than everything shown, oldest first. */
  function appendMessages(oldestFirst) {
    const follow = nearBottom();
    for (const message of oldestFirst) {
      if (state.shown.has(message.id)) {
        continue;
      }
      state.shown.add(message.id);
      ui.messages.appendChild(messageItem(message));
      if (message.sequence > state.newestSequence) {
        state.newestId = message.id;
        state.newestSequence = message.sequence;
      }
      if (state.oldestId === null) {
        state.oldestId = message.id;
      }
    }
    if (follow || oldestFirst.some((m) => m.authorId === state.me)) {
      scrollToBottom();
    }
  }

  function messageItem(message) {
    const item = document.createElement("li");
    item.dataset.id = message.id;
    const sentAt = new Date(message.sentAt);
    // A message the platform itself wrote into the room (kind "system") reads as a notice; the kind, not the author id,
    // says so, since a room made before "system" was reserved may have a participant of that id.
    if (message.kind === "system") {
      item.className = "item notice system";
      item.append(text("p", "body", message.body), time(sentAt));
      return item;
    }
    item.className = message.authorId === state.me ? "item message mine" : "item message";
    const meta = document.createElement("div");
    meta.className = "meta";
    meta.append(text("span", "author", state.names.get(message.authorId) || message.authorId), time(sentAt));
    item.append(meta, text("p", "body", message.body));
    return item;
  }

  function appendNotice(words) {
    const follow = nearBottom();
    const item = document.createElement("li");
    item.className = "item notice";
    item.append(text("p", "body", words), time(new Date()));
    ui.messages.appendChild(item);
    if (follow) {
      scrollToBottom();
    }
  }

  function renderHistoryEdge() {
    ui.historyStart.hidden = state.hasOlder || state.syncing;
  }

  // ---- typing ------------------------------------------------------------------------------------------------------

  function showTyper(participantId, name) {
    clearTimeout(state.typers.get(participantId)?.timer);
    state.typers.set(participantId, {
      name: name || participantId,
      timer: setTimeout(() => stopShowingTyper(participantId), TYPING_SHOWN_FOR_MS),
    });
    renderTypers();
  }

  function stopShowingTyper(participantId) {
    const typer = state.typers.get(participantId);
    if (typer) {
      clearTimeout(typer.timer);
      state.typers.delete(participantId);
      renderTypers();
    }
  }

  function renderTypers() {
    const names = [...state.typers.values()].map((t) => t.name);
    ui.typing.textContent = names.length === 0 ? ""
      : names.length === 1 ? `${names[0]} is typing…`
      : names.length === 2 ? `${names[0]} and ${names[1]} are typing…`
      : "Several people are typing…";
  }

  ui.body.addEventListener("input", () => {
    hideError();
    const now = Date.now();
    if (ui.body.value.trim() !== "" && connection.state === signalR.HubConnectionState.Connected
        && now - state.lastTypingSent >= TYPING_SEND_EVERY_MS) {
      state.lastTypingSent = now;
      // Fire and forget: a typing hint that does not arrive is not worth telling anyone about.
      connection.send("Typing").catch(() => {});
    }
  });

  // ---- sending -----------------------------------------------------------------------------------------------------

  ui.body.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submit();
    }
  });

  ui.form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit();
  });

  async function submit() {
    if (state.sending || state.ended) {
      return;
    }
    const body = ui.body.value;
    if (body.trim() === "") {
      showError("Write a message first: an empty message is not sent.");
      return;
    }
    if (body.length > MAX_BODY) {
      showError(`A message can be at most ${MAX_BODY.toLocaleString("en-US")} characters; this one has ${body.length.toLocaleString("en-US")}.`);
      return;
    }
    if (connection.state !== signalR.HubConnectionState.Connected) {
      showError("Not connected right now. Your message stays here; send it again once the connection is back.");
      return;
    }
    state.sending = true;
    ui.send.disabled = true;
    try {
      await connection.invoke("SendMessage", body);
      ui.body.value = "";
      state.lastTypingSent = 0;
      hideError();
    } catch (error) {
      if (!state.ended) {
        showError(`Not sent: ${serverMessage(error)}`);
      }
    } finally {
      state.sending = false;
      ui.send.disabled = state.ended;
      if (!state.ended) {
        ui.body.focus();
      }
    }
  }

  // ---- small helpers -----------------------------------------------------------------------------------------------

  /** The server's own words from a hub error ("... HubException: <message>"), else the error's message. */
  function serverMessage(error) {
    const message = String(error && error.message || error || "");
    const marker = "HubException: ";
    const at = message.lastIndexOf(marker);
    return at >= 0 ? message.slice(at + marker.length) : message;
  }

  function failed(error, what = "Something went wrong") {
    if (!state.ended) {
      showBanner(`${what}: ${serverMessage(error)}`);
    }
  }

  function end(words) {
    if (state.ended) {
      return;
    }
    state.ended = true;
    setStatus("disconnected", "Disconnected");
    showBanner(words);
    enableComposer(false);
    state.typers.forEach((t) => clearTimeout(t.timer));
    state.typers.clear();
    renderTypers();
  }

  function renderParticipants() {
    ui.participants.replaceChildren(...state.participants.map((p) => {
      const item = document.createElement("li");
      item.append(text("span", "name", p.name), text("span", "role", p.role));
      if (p.id === state.me) {
        item.classList.add("me");
        item.append(text("span", "you", "you"));
      }
      return item;
    }));
  }

  function text(tag, className, words) {
    const node = document.createElement(tag);
    node.className = className;
    node.textContent = words;
    return node;
  }

  function time(date) {
    const node = document.createElement("time");
    node.dateTime = date.toISOString();
    node.title = date.toLocaleString();
    const today = new Date().toDateString() === date.toDateString();
    node.textContent = today
      ? date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })
      : date.toLocaleString([], { dateStyle: "medium", timeStyle: "short" });
    return node;
  }

  function nearBottom() {
    return ui.log.scrollHeight - ui.log.scrollTop - ui.log.clientHeight < EDGE_PX;
  }

  function scrollToBottom() {
    ui.log.scrollTop = ui.log.scrollHeight;
  }

  function setStatus(kind, words) {
    ui.status.dataset.state = kind;
    ui.status.textContent = words;
  }

  function showBanner(words) {
    ui.banner.textContent = words;
    ui.banner.hidden = false;
  }

  function showError(words) {
    ui.error.textContent = words;
  }

  function hideError() {
    ui.error.textContent = "";
  }

  function enableComposer(enabled) {
    ui.body.disabled = !enabled;
    ui.send.disabled = !enabled;
    if (enabled && document.activeElement === document.body) {
      ui.body.focus();
    }
  }

  start();
})();
