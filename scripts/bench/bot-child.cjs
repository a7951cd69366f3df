// Runs inside a fresh Node process: loads the bundled bot and answers requests from a file.
// Plain JavaScript on purpose: nothing but Node and the bundle is measured.
//
// The first request is answered as soon as the bundle is loaded (a cold start); its figures go
// to stdout as one JSON document when the process is done. Every further request is timed on
// its own, between two questions to the bench over the IPC channel: `before` (the bench empties
// the run lock table, arms a fault) and `after` (the bench is sent the answer, reads what the
// user was told, undoes the fault). Neither question is part of the time measured.
const { readFileSync } = require('node:fs');
const { performance } = require('node:perf_hooks');

// The bot writes its JSON logs and EMF metrics to stdout, as on Lambda: they are still made (their
// cost is part of what is measured) but kept out of stdout, where this process answers with one
// JSON document.
const answer = process.stdout.write.bind(process.stdout);
process.stdout.write = () => true;

/** Sends the bench a message and waits for its reply (one question at a time). */
function ask(message) {
  return new Promise((resolve) => {
    process.once('message', resolve);
    process.send(message);
  });
}

async function main() {
  const [bundlePath, eventsPath] = process.argv.slice(2);
  const events = JSON.parse(readFileSync(eventsPath, 'utf8'));
  const loadStart = performance.now();
  const { handler } = require(bundlePath);
  const loaded = performance.now();
  const first = await handler(events[0]);
  const answered = performance.now();
  for (let i = 1; i < events.length; i++) {
    await ask({ before: i });
    const t = performance.now();
    const response = await handler(events[i]);
    const ms = performance.now() - t;
    await ask({ after: i, ms, status: response.statusCode, body: response.body ?? '' });
  }
  const result = {
    processToAnswerMs: answered,
    loadMs: loaded - loadStart,
    firstAnswerMs: answered - loadStart,
    firstStatus: first.statusCode,
    firstBody: first.body ?? '',
  };
  // Exit rather than wait for what the bot may still hold open (a call a stall left behind).
  answer(JSON.stringify(result), () => process.exit(0));
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error));
  process.exit(1);
});
