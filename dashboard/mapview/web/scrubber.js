/*
 * The scrubber: a range input over the whole time axis that moves the map in the browser.
 *
 * Streamlit's slider reports only on release and then reruns the whole page, so dragging showed
 * nothing. Here every `input` event asks the map to show the date under the thumb, through the
 * map's message protocol "posture-map/1" (documented in sitemap.js), called directly where the map's
 * frame is of this page's origin: no message goes to the server while the hand moves. The date is committed once, a moment after release (or after the
 * last key press), as a trigger value; the page then reruns and everything else follows.
 *
 * Play runs here too, a month of the axis per second at 1×, and commits when it stops; so do Previous,
 * Next and Today, which move everything the thumb moves at the click and commit at once.
 * Keys: the arrows move a day (the browser's own range keys), Page Up/Down jump change to change,
 * Home/End to the ends. Streamlit calls this function again on every rerun with fresh `data`; the
 * elements are built once and only updated, so a drag survives a rerun.
 *
 * The heading and the panel beside the map follow the thumb too: pagetext.js (loaded before this
 * module, in the same component) looks the date up in the tables the engine's side wrote for the
 * selection (dashboard/page_text.py), fetched once from the URL the page gives, or sent inline for an
 * upload. The heading is a polite live region: it is marked busy while the hand moves, so a screen
 * reader hears the date once, when the page commits it.
 *
 * The axis runs left to right in both languages, as the timeline does; the words around it follow the
 * language.
 */
const DAY_MS = 86400000;
const COMMIT_AFTER_MS = 350; // a pause this long after release or a key press commits the date
const DAYS_PER_SECOND = 30; // Play at 1×
const PENDING_MS = 5000; // a committed date whose rerun has not come by then is given up on

function dayNumber(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
}

function isoDay(number) {
  return new Date(number * DAY_MS).toISOString().slice(0, 10);
}

// ---- The map's message protocol (sitemap.js): maps announce themselves, the scrubber tells them the day.
const PROTOCOL = "posture-map/1";
// "/": only a window of this page's own origin receives it. Also from a file (the standalone map),
// whose origin is opaque and has no name to give.
const SAME_ORIGIN = "/";

// The map's protocol as a call (sitemap.js: listen), where the frame lets this page reach it: a posted
// message waits for the browser to draw the page's next frame first, so the map showed the thumb's day
// a frame late, and at 1,000 sites that wait was 35 ms of every event of a drag.
const DIRECT = "postureMapReceive";

function directLine(map) {
  try {
    return typeof map[DIRECT] === "function" ? map[DIRECT] : null;
  } catch {
    return null; // another origin (a file's frame is one): the message it is
  }
}

function tellMaps(s, message) {
  for (const map of s.maps) {
    if (map.closed) {
      s.maps.delete(map); // a frame Streamlit replaced (another language, another view)
      continue;
    }
    const line = directLine(map), said = { protocol: PROTOCOL, ...message };
    if (!line) {
      map.postMessage(said, SAME_ORIGIN);
      continue;
    }
    try {
      line(said);
    } catch (error) {
      console.error(error); // the map's fault stays the map's: the heading, panel and other maps go on
    }
  }
}

// Ask every frame of the page who is a map (other frames ignore a protocol they do not speak).
function greetMaps() {
  for (let i = 0; i < window.frames.length; i++) {
    window.frames[i].postMessage({ protocol: PROTOCOL, type: "hello" }, SAME_ORIGIN);
  }
}

function listenToMaps(s) {
  window.addEventListener("message", (event) => {
    const message = event.data;
    // window.origin, not location.origin: a page opened from a file sends as "null", which is its
    // window.origin, while its location.origin says "file://".
    if (event.origin !== window.origin || !message || message.protocol !== PROTOCOL) return;
    if (message.type !== "ready" || !event.source) return;
    s.maps.add(event.source);
    s.mapStatus = message.status;
    reportMapDrawn(s);
  });
}

function build(parent) {
  const root = document.createElement("div");
  root.className = "posture-scrubber";
  root.innerHTML = `
    <div class="scrubber-row">
      <button type="button" class="scrubber-step" id="scrubber-previous" data-step="previous"></button>
      <button type="button" class="scrubber-step" id="scrubber-next" data-step="next"></button>
      <button type="button" class="scrubber-step" id="scrubber-today" data-step="today"></button>
      <button type="button" class="scrubber-play" id="scrubber-play"></button>
      <select class="scrubber-speed" id="scrubber-speed">
        <option value="1">1×</option><option value="2">2×</option><option value="4">4×</option>
      </select>
      <output class="scrubber-date" id="scrubber-date" aria-live="off"></output>
      <span class="scrubber-hint"></span>
    </div>
    <div class="scrubber-track">
      <canvas class="scrubber-ticks" aria-hidden="true"></canvas>
      <input type="range" id="scrubber" class="scrubber-input" step="1" dir="ltr">
    </div>`;
  parent.appendChild(root);
  const scrubber = {
    root,
    input: root.querySelector("#scrubber"),
    output: root.querySelector("#scrubber-date"),
    play: root.querySelector("#scrubber-play"),
    steps: Array.from(root.querySelectorAll(".scrubber-step")),
    pending: null, // {iso, since}: a date committed, its rerun not yet here
    speed: root.querySelector("#scrubber-speed"),
    ticks: root.querySelector(".scrubber-ticks"),
    ticksDrawn: "", // what the tick strip shows: drawn again only when that changes (drawTicks)
    hint: root.querySelector(".scrubber-hint"),
    data: null,
    component: null,
    first: 0,
    changes: [],
    timer: null,
    playing: null,
    lineDate: null,
    lineFrame: null,
    lineWidth: 0, // the timeline frame's width, kept by a ResizeObserver (dateLine)
    lineFrameWatched: null,
    lineWatcher: null,
    reported: false,
    waitingSince: null,
    page: null, // what the heading and panel say on each date (page_text.page_tables)
    pageUrl: null,
    maps: new Set(), // the windows of the maps that announced themselves
    mapStatus: null,
  };
  listenToMaps(scrubber);
  greetMaps();
  wire(scrubber);
  // The chart's width follows the window: place the line again when it changes.
  window.addEventListener("resize", () => scrubber.lineDate && markTimeline(scrubber, scrubber.lineDate));
  // The tick strip's own width: the sidebar folding changes it without resizing the window, and at the
  // first update it may not be laid out yet.
  if (window.ResizeObserver) new ResizeObserver(() => scrubber.data && drawTicks(scrubber)).observe(scrubber.ticks);
  else window.addEventListener("resize", () => scrubber.data && drawTicks(scrubber));
  root.scrubber = scrubber;
  return scrubber;
}

function wire(s) {
  const input = s.input;
  input.addEventListener("input", () => {
    show(s, Number(input.value));
    s.root.dataset.dragging = "true";
  });
  // `change` comes on release of the pointer and on each key press: commit after a pause. A hand that
  // lets go where it took hold gets no `change`: the release itself ends the drag then, or the page
  // would take the scrubber for busy, and the map would hold the thumb's day, for good.
  input.addEventListener("change", () => commitSoon(s));
  for (const end of ["pointerup", "pointercancel"]) {
    input.addEventListener(end, () => {
      if (s.root.dataset.dragging && !s.playing) commitSoon(s);
    });
  }
  input.addEventListener("keydown", (event) => {
    const jump = { PageUp: 1, PageDown: -1 }[event.key];
    if (!jump) return;
    event.preventDefault();
    const target = changeFrom(s, Number(input.value), jump);
    if (target === null) return;
    input.value = String(target);
    show(s, target);
    commitSoon(s);
  });
  s.play.addEventListener("click", () => (s.playing ? stop(s) : play(s)));
  for (const button of s.steps) button.addEventListener("click", () => stepTo(s, button.dataset.step));
}

// ---- Previous, Next and Today: the map, heading and panel move at the click, then the date is committed
// at once (a click is deliberate: no pause to wait for), and the rest of the page follows its rerun.
function stepTarget(s, direction) {
  if (direction === "today") return dayNumber(s.data.today) - s.first;
  const value = Number(s.input.value);
  if (isoDay(s.first + value) === s.data.date && direction in s.data) {
    const iso = s.data[direction]; // the engine's answer for the committed date
    return iso ? dayNumber(iso) - s.first : null;
  }
  return changeFrom(s, value, direction === "next" ? 1 : -1);
}

function stepTo(s, direction) {
  if (s.playing) {
    cancelAnimationFrame(s.playing);
    s.playing = null;
    labelPlay(s);
  }
  const target = stepTarget(s, direction);
  if (target === null) return;
  s.input.value = String(target);
  show(s, target, true);
  commit(s);
}

// Each button as it applies to the thumb's day (a button that would go nowhere is disabled); on every
// move of the thumb, so only what can change then.
function enableSteps(s) {
  const thumb = isoDay(s.first + Number(s.input.value));
  for (const button of s.steps) {
    const direction = button.dataset.step;
    button.disabled = direction === "today" ? thumb === s.data.today : stepTarget(s, direction) === null;
  }
}

// The change dates as ticks under the track, drawn once on a canvas of their own. They were a <datalist>
// on the range: Chromium repaints a range's ticks with its thumb, and at 1,000 sites (thousands of change
// dates) that repaint took 27 ms of every frame of a drag. The thumb's centre runs from half a thumb in
// from either end (THUMB_PX, Chromium's and Firefox's 16 px thumb).
const THUMB_PX = 16;

function drawTicks(s) {
  const canvas = s.ticks, width = canvas.clientWidth, height = canvas.clientHeight;
  const ratio = window.devicePixelRatio || 1, max = Number(s.input.max);
  // Every date, not only the ends and the count: another filter can keep both and change the rest.
  const key = [width, height, ratio, max, s.first, s.changes.join(",")].join("|");
  if (key === s.ticksDrawn || !width || !height) return;
  s.ticksDrawn = key;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  const context = canvas.getContext("2d");
  if (!context) return;
  context.scale(ratio, ratio);
  context.fillStyle = "#6b7785";
  const inner = width - THUMB_PX;
  for (const change of s.changes) {
    const at = max > 0 ? (change - s.first) / max : 0;
    context.fillRect(Math.round(THUMB_PX / 2 + at * inner) - 0.5, 0, 1, height);
  }
  canvas.dataset.ticks = String(s.changes.length);
}

// The timeline's date line. The page leaves it out of the figure (dashboard/page/panels.py), so the
// figure is the same at every date and a step neither re-sends nor re-draws it. The line is an element
// of this script's own, laid over the chart inside the container the page keyed for it: the figure's
// margins are fixed and its x-axis range is known (charts.date_line_frame), so a date's position is
// worked out here without reading anything of plotly's. It shows the committed date and follows the
// thumb while it moves; a date outside the chart's range hides it.
function dateLine(s) {
  const frame = document.querySelector("." + s.data.timeline_frame);
  if (!frame) return null;
  let line = frame.querySelector(":scope > .timeline-date-line");
  if (!line) {
    line = document.createElement("div");
    line.className = "timeline-date-line";
    line.setAttribute("aria-hidden", "true");
    frame.style.position = "relative";
    frame.appendChild(line); // the container is Streamlit's, the line ours: a re-drawn chart keeps it
  }
  if (s.lineFrameWatched !== frame) {
    // The frame's width, kept as it changes: read on every move of the thumb, it forced a layout of the
    // whole page in each frame of a drag, just after the heading and panel were written.
    s.lineFrameWatched = frame;
    s.lineWidth = frame.clientWidth;
    if (window.ResizeObserver) {
      if (s.lineWatcher) s.lineWatcher.disconnect();
      s.lineWatcher = new ResizeObserver((entries) => {
        s.lineWidth = entries[entries.length - 1].target.clientWidth;
        if (s.lineDate) markTimeline(s, s.lineDate);
      });
      s.lineWatcher.observe(frame);
    }
  }
  return line;
}

function markTimeline(s, iso, tries = 20) {
  s.lineDate = iso;
  const geometry = s.data.date_line, line = geometry && dateLine(s);
  if (!line) {
    // The timeline is drawn below the map, after this scrubber: look again in a moment.
    if (geometry && tries > 0) setTimeout(() => s.lineDate === iso && markTimeline(s, iso, tries - 1), 250);
    return;
  }
  const [start, end] = geometry.range.map((day) => Date.parse(day + "T00:00:00Z"));
  const at = (Date.parse(iso + "T00:00:00Z") - start) / (end - start);
  const frame = line.parentElement, margin = geometry.margin;
  const width = (window.ResizeObserver ? s.lineWidth : frame.clientWidth) - margin.l - margin.r;
  line.hidden = !(at >= 0 && at <= 1) || width <= 0;
  line.style.left = `${margin.l + at * width}px`;
  line.style.top = `${margin.t}px`;
  line.style.height = `${Math.max(geometry.height - margin.t - margin.b, 0)}px`;
  line.style.borderLeft = `${s.data.timeline_line.width}px solid ${s.data.timeline_line.color}`;
  line.dataset.date = iso;
}

// The page leaves the timeline out of its first render (Streamlit shows nothing until Plotly's code
// has loaded, about 1.5 s): once the map is drawn, or has said it cannot be, or after MAP_WAIT_MS
// whatever happened, this reports in and the page reruns with the timeline.
const MAP_WAIT_MS = 10000;

function reportMapDrawn(s) {
  // Reported once per session: a server that restarted gives the page a fresh one, which waits to hear it.
  if (s.data.map_drawn) s.reported = false;
  if (s.data.map_drawn || s.reported) return;
  const since = s.waitingSince || (s.waitingSince = performance.now());
  if (s.mapStatus || performance.now() - since > MAP_WAIT_MS) {
    s.reported = true;
    s.component.setTriggerValue("ready", true);
  } else if (!s.greeting) {
    // The map may have announced itself before this scrubber was listening: ask again, now and then.
    s.greeting = setTimeout(() => {
      s.greeting = null;
      greetMaps();
      reportMapDrawn(s);
    }, 100);
  }
}

function changeFrom(s, value, direction) {
  const day = s.first + value;
  // The first change after the day, or the last before it: by halves, as the list can hold thousands.
  let low = 0, high = s.changes.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (direction > 0 ? s.changes[middle] <= day : s.changes[middle] < day) low = middle + 1;
    else high = middle;
  }
  const found = direction > 0 ? s.changes[low] : s.changes[low - 1];
  return found === undefined ? null : found - s.first;
}

// The date under the thumb, on the scrubber, on the map, in the heading and in the panel.
function show(s, value, now = false) {
  const iso = isoDay(s.first + value);
  s.output.textContent = "\u2066" + iso + "\u2069";
  s.root.dataset.date = iso;
  enableSteps(s);
  if (!s.data.follow) return; // as known then: the map's records change with the date; it follows on commit
  tellMaps(s, { type: "scrub", date: iso, future: iso > s.data.today });
  // The heading, the panel and the timeline's line at the next frame, once for all the events of a
  // frame, and after the map the hand is watching (written in this event, they delayed the map's
  // restyle by as long as they took). A click on a step button writes them at once, and so does Play,
  // which runs in a frame already (a frame later, the heading would trail the map).
  s.lineDate = iso;
  if (now) {
    sayOn(s, iso, true);
    markTimeline(s, iso);
  } else if (!s.lineFrame) {
    s.lineFrame = requestAnimationFrame(() => {
      s.lineFrame = null;
      if (s.root.dataset.dragging || s.playing) sayOn(s, s.lineDate, true); // not after a release
      markTimeline(s, s.lineDate);
    });
  }
}

function commitSoon(s) {
  clearTimeout(s.timer);
  s.timer = setTimeout(() => commit(s), COMMIT_AFTER_MS);
}

function commit(s) {
  clearTimeout(s.timer);
  s.timer = null;
  delete s.root.dataset.dragging;
  const iso = isoDay(s.first + Number(s.input.value));
  if (iso === s.data.date) {
    s.pending = null;
    release(s); // back where it was: no rerun will come to let go of the map
    return;
  }
  s.pending = { iso, since: performance.now() };
  s.component.setTriggerValue("commit", iso);
}

// The map holds the thumb's day while the hand is on it (sitemap.js); let go, it shows the page's date,
// and so do the heading and the panel.
function release(s) {
  tellMaps(s, { type: "release" });
  sayOn(s, s.data.date, false);
}

// ---- The heading and the panel (pagetext.js). `held`: the hand is on the thumb.
function sayOn(s, iso, held) {
  const asOf = document.getElementById("asof");
  if (held && asOf) asOf.setAttribute("aria-busy", "true"); // before the text changes: announced on commit
  const said = s.page && s.data.follow ? self.PosturePage.pageOn(s.page, iso) : null;
  if (said && (held || (asOf && asOf.dataset.date !== iso))) self.PosturePage.show(said, document);
  if (!held && asOf) asOf.removeAttribute("aria-busy");
}

// The tables for this rerun's selection: inline (an upload's), or fetched once per URL (a served file).
function loadPage(s, data) {
  if (data.page) {
    s.pageUrl = null;
    s.page = data.page;
    return;
  }
  if (data.page_url === s.pageUrl) return;
  s.pageUrl = data.page_url || null;
  s.page = null;
  if (!s.pageUrl) return;
  const url = s.pageUrl;
  fetch(url)
    .then((response) => (response.ok ? response.json() : Promise.reject(new Error(response.statusText))))
    .then((page) => {
      if (s.pageUrl !== url) return;
      s.page = page;
      if (s.root.dataset.dragging) sayOn(s, s.root.dataset.date, true); // it came while the hand was on the thumb
    })
    .catch(() => {
      if (s.pageUrl === url) s.pageUrl = null; // the heading and panel wait for the release; ask again next rerun
    });
}

function play(s) {
  const input = s.input;
  if (Number(input.value) >= Number(input.max)) input.value = "0";
  let position = Number(input.value), last = performance.now();
  s.root.dataset.dragging = "true";
  const frame = (now) => {
    if (!s.playing) return;
    position += ((now - last) / 1000) * DAYS_PER_SECOND * Number(s.speed.value);
    last = now;
    const value = Math.min(Math.floor(position), Number(input.max));
    if (value !== Number(input.value)) {
      input.value = String(value);
      show(s, value, true);
    }
    if (value >= Number(input.max)) stop(s);
    else s.playing = requestAnimationFrame(frame);
  };
  s.playing = requestAnimationFrame(frame);
  labelPlay(s);
}

function stop(s) {
  cancelAnimationFrame(s.playing);
  s.playing = null;
  labelPlay(s);
  commit(s);
}

function labelPlay(s) {
  const labels = s.data.labels;
  s.play.textContent = s.playing ? labels.stop : labels.play;
  s.root.dataset.playing = s.playing ? "true" : "false";
}

function update(s, data) {
  s.data = data;
  loadPage(s, data);
  s.first = dayNumber(data.first);
  s.changes = data.changes.map(dayNumber);
  const input = s.input;
  input.min = "0";
  input.max = String(dayNumber(data.last) - s.first);
  input.setAttribute("aria-label", data.labels.label);
  s.root.dir = data.dir;
  s.root.lang = data.lang;
  s.speed.setAttribute("aria-label", data.labels.speed);
  s.hint.textContent = data.labels.keys;
  s.hint.title = data.labels.keys;
  drawTicks(s);
  labelPlay(s);
  // A rerun from elsewhere (a timeline click, the URL) moves the thumb, unless the hand is on it or a
  // date committed here is still on its way (a rerun begun before it would pull the thumb back).
  if (s.pending && (data.date === s.pending.iso || performance.now() - s.pending.since > PENDING_MS)) s.pending = null;
  const busy = s.playing || s.timer || s.root.dataset.dragging || s.pending;
  if (busy && s.root.dataset.dragging && data.follow) {
    sayOn(s, s.root.dataset.date, true); // the rerun may bring other words (an upload's): on the thumb's day
  } else if (!busy) {
    input.value = String(dayNumber(data.date) - s.first);
    s.output.textContent = "\u2066" + data.date + "\u2069";
    s.root.dataset.date = data.date;
    markTimeline(s, data.date);
    release(s);
  }
  if (!s.maps.size) greetMaps(); // a map drawn before this rerun's scrubber listened: it answers hello
  for (const button of s.steps) button.textContent = data.labels[button.dataset.step];
  enableSteps(s);
  s.root.dataset.committedDate = data.date;
  s.root.dataset.mapDrawn = String(!!data.map_drawn); // the page has had its rerun after the first paint
  reportMapDrawn(s);
}

export default function (component) {
  const { data, parentElement } = component;
  const existing = parentElement.querySelector(".posture-scrubber");
  const scrubber = existing ? existing.scrubber : build(parentElement);
  scrubber.component = component; // the latest callbacks Streamlit handed us
  update(scrubber, data);
}
