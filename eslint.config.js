// ESLint for the browser code (dashboard/mapview/web) and its node tests (tests/js): `make lint`.
const js = require("@eslint/js");
const globals = require("globals");

module.exports = [
  js.configs.recommended,
  {
    // The map's scripts run as classic scripts in st_folium's frame, with Leaflet as a global.
    files: [
      "dashboard/mapview/web/answers.js",
      "dashboard/mapview/web/pagetext.js",
      "dashboard/mapview/web/sitemap.js",
      "dashboard/mapview/web/standalone.js",
    ],
    languageOptions: {
      ecmaVersion: 2020,
      sourceType: "script",
      globals: { ...globals.browser, ...globals.commonjs, L: "readonly" },
    },
  },
  {
    // The scrubber and the builds' note are Streamlit components-v2 modules.
    files: ["dashboard/mapview/web/scrubber.js", "dashboard/mapview/web/builds_seen.mjs"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { ...globals.browser } },
  },
  {
    files: ["tests/js/**/*.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "commonjs", globals: { ...globals.node } },
  },
  { rules: { "no-unused-vars": ["error", { args: "none" }] } },
];
