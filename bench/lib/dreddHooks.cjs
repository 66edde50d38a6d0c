// Dredd hooks for bench/vsDredd.ts (Dredd loads Node hooks with require, hence CommonJS). Only what
// any Dredd user needs against this API, each a common Dredd practice:
//   - authentication: X-Auth-Token on every request (the spec's apiKey scheme; Dredd sends none);
//   - the non-2xx transactions skipped: Dredd makes one per documented status (400, 401, 403…) but
//     sends the same example request for each, so only the 2xx one can pass (Dredd skips them itself
//     for OpenAPI 2, not for 3);
//   - Content-Type compared without parameters: Dredd wants exactly the media type key
//     ("application/json") and fails "application/json;charset=utf-8", which HTTP allows;
//   - after each transaction, the emulator's virtual clock moves one day on, so an instance a
//     transaction made busy (restart, resize…) is RUNNING again for the next, as it would be on a
//     real service given time.
const hooks = require('hooks');

const url = process.env.DCS_BENCH_URL;
const token = process.env.DCS_BENCH_TOKEN;

hooks.beforeEach((transaction, done) => {
  transaction.request.headers['X-Auth-Token'] = token;
  if (!String(transaction.expected.statusCode).startsWith('2')) transaction.skip = true;
  done();
});

hooks.beforeEachValidation((transaction, done) => {
  const headers = transaction.real && transaction.real.headers;
  if (headers && typeof headers['content-type'] === 'string') headers['content-type'] = headers['content-type'].split(';')[0].trim();
  done();
});

hooks.afterEach((_transaction, done) => {
  fetch(`${url}/__emulator/clock/advance?ms=86400000`, { method: 'POST', headers: { 'x-auth-token': token } })
    .then((res) => res.arrayBuffer())
    .then(() => done(), () => done());
});
