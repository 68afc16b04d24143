// node --test tests/js: the heavy downloads' note of what is being built (dashboard/mapview/web/builds_seen.mjs),
// which a server that restarted reads to say which builds it lost.
const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");

const MODULE = path.join(__dirname, "../../dashboard/mapview/web/builds_seen.mjs");

function element() {
  const said = [];
  return { said, component: (running) => ({ data: { running }, parentElement: { dataset: {} }, setStateValue: (k, v) => said.push([k, v]) }) };
}

test("an element that has said nothing says nothing while nothing is built", async () => {
  const { default: mount } = await import(MODULE);
  const { said, component } = element();
  mount(component([]));
  assert.deepEqual(said, []);
});

test("the list is said once when it changes, and again only when it changes again", async () => {
  const { default: mount } = await import(MODULE);
  const calls = [];
  const parentElement = { dataset: {} };
  const render = (running) => mount({ data: { running }, parentElement, setStateValue: (k, v) => calls.push([k, v]) });
  render(["download_gif"]);
  render(["download_gif"]);
  render(["download_deck", "download_gif"]);
  render([]);
  render([]);
  assert.deepEqual(calls, [
    ["running", ["download_gif"]],
    ["running", ["download_deck", "download_gif"]],
    ["running", []],
  ]);
});

test("toSay is null for the same list, the list's JSON otherwise", async () => {
  const { toSay } = await import(MODULE);
  for (const [said, running, expected] of [
    [undefined, [], null],
    ["[]", [], null],
    [undefined, ["download_png"], '["download_png"]'],
    ['["download_png"]', [], "[]"],
    ['["download_png"]', ["download_png"], null],
  ]) {
    assert.equal(toSay(said, running), expected, `${said} -> ${JSON.stringify(running)}`);
  }
});
