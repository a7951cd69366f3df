// Runs inside a fresh Node process: loads the bundled bot and answers requests from a file.
// Plain JavaScript on purpose: nothing but Node and the bundle is measured.
const { readFileSync } = require('node:fs');
const { performance } = require('node:perf_hooks');

// The bot writes its JSON logs and EMF metrics to stdout, as on Lambda: they are still made (their
// cost is part of what is measured) but kept out of stdout, where this process answers with one
// JSON document.
const answer = process.stdout.write.bind(process.stdout);
process.stdout.write = () => true;

async function main() {
  const [bundlePath, eventsPath, mode] = process.argv.slice(2);
  const events = JSON.parse(readFileSync(eventsPath, 'utf8'));
  const loadStart = performance.now();
  const { handler } = require(bundlePath);
  const loaded = performance.now();
  const first = await handler(events.slash[0]);
  const answered = performance.now();
  const result = {
    processToAnswerMs: answered,
    loadMs: loaded - loadStart,
    firstAnswerMs: answered - loadStart,
    firstStatus: first.statusCode,
  };
  if (mode === 'warm') {
    const time = async (event) => {
      const t = performance.now();
      const response = await handler(event);
      if (response.statusCode !== 200)
        throw new Error(`status ${response.statusCode}: ${response.body}`);
      return performance.now() - t;
    };
    result.slash = [];
    result.click = [];
    for (const event of events.slash.slice(1)) result.slash.push(await time(event));
    for (const event of events.click) result.click.push(await time(event));
  }
  answer(JSON.stringify(result));
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error));
  process.exit(1);
});
