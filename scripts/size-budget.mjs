// Size budget of the core ESM bundle (dist/bundle/confluent-sql.mjs: the client with ofetch and
// superstruct inlined, minified), in gzip bytes. One number, read by build.mjs and by the
// packaging test, so the two can never disagree.
//
// Issue 8 asked for 16 KB. Measured at 42.8 KB when the budget was set: ofetch + ufo + destr +
// superstruct alone are about 6 KB of it, and the client's own minimal snapshot path (config,
// HTTP, statements API, cursor, decoding of every Flink type) is about 31 KB before streaming
// and parameter rendering. 16 KB is not reachable without dropping features other issues
// require, so the budget is a regression guard a little above today's size instead.
// 47.5 KB at stop 15, after the client review's injection, data-loss and hang fixes (+0.8 KB).
// Not counted as savings on purpose: stubbing ofetch's ufo/destr imports in the bundle would
// take 1.7 KB off this number but not off an app that bundles the published package.
export const CORE_GZIP_BUDGET = 48 * 1024;
