// ESLint for the JavaScript site_builder ships: the default theme's scripts (served with every
// built site) and the preview's (injected by `site-builder serve`). `npm ci && npx eslint`;
// .ci/run runs it. Browser scripts, not modules: each runs as a classic <script>.
import js from "@eslint/js";
import globals from "globals";

export default [
  js.configs.recommended,
  {
    files: ["site_builder/**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "script",
      globals: { ...globals.browser },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      eqeqeq: ["error", "always", { null: "ignore" }],
      "no-implicit-globals": "error",
      // an unused catch binding is the older syntax (`catch {` is ES2019): the theme's scripts keep it
      "no-unused-vars": ["error", { caughtErrors: "none" }],
      "prefer-const": "error",
    },
  },
  {
    // the server writes each tab's settings (JSON) in place of this name before it sends the script
    files: ["site_builder/dev/static/*.js"],
    languageOptions: { globals: { __CONFIG__: "readonly" } },
  },
  // only the package's own scripts: never what a build or a test leaves (the search index Pagefind writes into
  // the build state and output/ is minified third-party code)
  { ignores: ["**/node_modules/", "**/.venv/", "**/output/", "**/.site-builder-cache/", "tests/", "bench/", "build/",
              "dist/"] },
];
