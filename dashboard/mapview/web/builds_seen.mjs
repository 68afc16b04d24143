/*
 * The heavy downloads' note of what is being built (dashboard/page/builds.py), a Streamlit
 * components-v2 module that draws nothing.
 *
 * The keys of this session's queued and running builds are kept as this element's state, which the
 * browser sends back with every run of the page. A server that restarts loses its builds, and the fresh
 * session it gives the browser knows nothing of them; from this state that session tells the reader
 * which files were lost (page/restart.py). Setting the state reruns the heavy downloads' fragment, so it
 * is set only when the list changes; an element that has said nothing yet has said "none".
 */
export function toSay(said, running) {
  const now = JSON.stringify(running);
  return (said ?? "[]") === now ? null : now;
}

export default function (component) {
  const { data, parentElement, setStateValue } = component;
  const now = toSay(parentElement.dataset.running, data.running);
  if (now === null) return;
  parentElement.dataset.running = now;
  setStateValue("running", data.running);
}
