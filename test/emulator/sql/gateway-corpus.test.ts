/**
 * The SQL corpus end to end, differentially: every statement runs (a) directly on an engine
 * (the Harness: wire rows and traits as the engine produces them) and (b) through the public
 * client against an in-process emulator whose engine starts from the same context and clock,
 * and the two must agree: column names, formatted types, rows, traits, and for failing
 * statements a StatementFailedError STATEMENT_FAILED whose detail is the engine's message.
 * The statements are drawn from query.test.ts, catalog.test.ts, functions/*.test.ts,
 * errors.test.ts, syntax/errors.test.ts and streaming.test.ts, whose files hold the expected
 * values; this file proves the gateway and the client hand back exactly what the engine made.
 *
 * Each fixture is one engine/emulator pair, set up by the same statements on both sides; the
 * cases of a fixture run in table order on that shared state, so DDL, INSERT and SELECT
 * sequences are consecutive cases. The client's `cast` hook returns the raw wire values.
 */
import { afterAll, describe, expect, test } from "vitest";
import { EngineError, type StatementTraits as EngineTraits } from "../../../src/emulator/engine.ts";
import { createEmulator, ManualClock, type Emulator } from "../../../src/emulator/index.ts";
import { connect, formatType, StatementFailedError, type Column, type Connection, type LogicalType, type Statement } from "../../../src/index.ts";
import { CollectingSink, Harness, HARNESS_CONTEXT, OPS } from "./harness.ts";

// ---------------------------------------------------------------------------------------------
// Fixtures: the setup statements of each corpus file, run on both sides before its cases.

const FIXTURES = {
  /** query.test.ts */
  shop: [
    "CREATE TABLE orders (id INT NOT NULL, customer STRING, amount DECIMAL(10, 2), qty INT, PRIMARY KEY (id) NOT ENFORCED) WITH ('changelog.mode' = 'append')",
    "CREATE TABLE customers (name STRING, city STRING)",
    "INSERT INTO orders VALUES (1, 'ann', 10.50, 1), (2, 'bob', 20.00, 2), (3, 'ann', 5.25, 3), (4, 'cid', 7.00, NULL), (5, CAST(NULL AS STRING), 1.00, 1)",
    "INSERT INTO customers VALUES ('ann', 'Paris'), ('bob', 'Rome'), ('dan', 'Oslo')",
  ],
  /** query.test.ts, "JOIN ... USING" */
  using: [
    "CREATE TABLE l (k INT NOT NULL, v INT)",
    "CREATE TABLE r (k BIGINT, w STRING)",
    "CREATE TABLE x (k INT, z INT)",
    "INSERT INTO l VALUES (1, 10), (2, 20)",
    "INSERT INTO r VALUES (CAST(2 AS BIGINT), 'b'), (CAST(3 AS BIGINT), 'c')",
    "INSERT INTO x VALUES (2, 99), (5, 55)",
  ],
  /** query.test.ts, "RANK / DENSE_RANK (batch)" */
  ranks: ["CREATE TABLE s (g STRING, v INT)", "INSERT INTO s VALUES ('a', 10), ('a', 20), ('a', 20), ('a', 30), ('b', 5), ('b', 5)"],
  /** query.test.ts, "UNNEST" (rows inserted by SQL here, not appended to the log) */
  unnest: [
    "CREATE TABLE a (id INT, tags ARRAY<STRING>)",
    "INSERT INTO a VALUES (1, ARRAY['x', 'y']), (2, ARRAY_REMOVE(ARRAY['z'], 'z'))",
  ],
  /** errors.test.ts */
  errs: ["CREATE TABLE t (a INT, b STRING)", "CREATE TABLE u (a INT, c STRING)"],
  /** catalog.test.ts and functions/*: an empty database; the catalog cases build on it in order. */
  empty: [],
} as const satisfies Record<string, readonly string[]>;
type Fixture = keyof typeof FIXTURES;

// ---------------------------------------------------------------------------------------------
// The corpus: [fixture, statement, options?]. Default: a snapshot query through `cursor()`.

interface CaseOptions {
  /** The statement must fail (at compile or at run time) on both sides with the same message. */
  readonly fails?: true;
  /** Run in streaming mode (`executeStreamingDdl`), as DDL and INSERT usually are. */
  readonly ddl?: true;
  /** Extra statement properties, on both sides. */
  readonly props?: Readonly<Record<string, string>>;
}
type Case = readonly [Fixture, string, CaseOptions?];

const FAILS: CaseOptions = { fails: true };
const DDL: CaseOptions = { ddl: true };
const DDL_FAILS: CaseOptions = { ddl: true, fails: true };
const TOKYO: CaseOptions = { props: { "sql.local-time-zone": "Asia/Tokyo" } };

const DOC = `'{"name": "Ann", "a": {"b": [1, 2.5, "x", true, null]}, "o": {"k": 1}}'`;

const CORPUS: readonly Case[] = [
  // query.test.ts: projection and names
  ["shop", "SELECT * FROM orders"],
  ["shop", "SELECT id, id, qty + 1, customer AS c FROM orders"],
  ["shop", "SELECT 'abc', 42, 1.50, TRUE"],
  ["shop", "SELECT INTERVAL '2 04:15:20.5' DAY TO SECOND, INTERVAL '1' HOUR * 2, INTERVAL '1-2' YEAR TO MONTH, INTERVAL '3' MONTH, ARRAY[INTERVAL '1' MINUTE]"],
  ["shop", "SELECT id, $rowtime FROM orders"],
  ["shop", "SELECT o.*, c.city FROM orders AS o JOIN customers c ON o.customer = c.name"],
  // WHERE
  ["shop", "SELECT id FROM orders WHERE qty > 1"],
  ["shop", "SELECT id FROM orders WHERE qty IS NULL OR customer IS NULL"],
  ["shop", "SELECT id FROM orders WHERE NOT (qty > 1)"],
  ["shop", "SELECT id FROM orders WHERE id BETWEEN 2 AND 3"],
  ["shop", "SELECT id FROM orders WHERE id IN (1, 4)"],
  ["shop", "SELECT id, CASE WHEN qty > 2 THEN 'big' WHEN qty > 1 THEN 'mid' END FROM orders WHERE id <= 4"],
  // aggregation
  ["shop", "SELECT customer, COUNT(*), SUM(amount), AVG(qty), MIN(id), MAX(customer) FROM orders GROUP BY customer"],
  ["shop", "SELECT customer, COUNT(*), COUNT(qty), SUM(amount) FROM orders GROUP BY customer"],
  ["shop", "SELECT customer, COUNT(*) AS n FROM orders GROUP BY customer HAVING COUNT(*) > 1"],
  ["shop", "SELECT COUNT(*), SUM(qty) FROM orders WHERE id > 100"],
  ["shop", "SELECT qty + 1, COUNT(*) * 2 FROM orders WHERE qty IS NOT NULL GROUP BY qty + 1"],
  ["shop", "SELECT DISTINCT customer FROM orders WHERE customer IS NOT NULL"],
  ["shop", "SELECT COUNT(DISTINCT customer) FROM orders"],
  // ORDER BY / LIMIT
  ["shop", "SELECT id, qty FROM orders ORDER BY qty, id"],
  ["shop", "SELECT id FROM orders ORDER BY qty DESC, id"],
  ["shop", "SELECT customer FROM orders ORDER BY amount DESC LIMIT 2"],
  ["shop", "SELECT id FROM orders ORDER BY id LIMIT 2 OFFSET 1"],
  ["shop", "SELECT id FROM orders ORDER BY 1 DESC LIMIT 1"],
  // joins
  ["shop", "SELECT o.id, c.city FROM orders o JOIN customers c ON o.customer = c.name ORDER BY o.id"],
  ["shop", "SELECT o.id, c.city FROM orders o LEFT JOIN customers c ON o.customer = c.name ORDER BY o.id"],
  ["shop", "SELECT o.id, c.name FROM orders o RIGHT JOIN customers c ON o.customer = c.name ORDER BY c.name, o.id"],
  ["shop", "SELECT o.id, c.name FROM orders o FULL JOIN customers c ON o.customer = c.name ORDER BY o.id, c.name"],
  ["shop", "SELECT COUNT(*) FROM orders CROSS JOIN customers"],
  ["shop", "SELECT o.id FROM orders o, customers c WHERE o.customer = c.name AND c.city = 'Rome'"],
  ["shop", "SELECT COUNT(*) FROM orders o JOIN customers c ON o.customer = c.name AND o.qty > 1"],
  ["shop", "SELECT COUNT(*) FROM customers a JOIN customers b USING (city)"],
  // GROUPING SETS / ROLLUP / CUBE
  ["shop", "SELECT customer, qty, COUNT(*) AS n, SUM(amount) AS total FROM orders WHERE id <= 4 GROUP BY ROLLUP(customer, qty) ORDER BY GROUPING(customer, qty), customer, qty"],
  ["shop", "SELECT customer, qty, GROUPING(customer, qty) AS g, GROUPING_ID(qty, customer) AS gid FROM orders WHERE id IN (1, 2) GROUP BY CUBE(customer, qty) ORDER BY g, customer, qty"],
  ["shop", "SELECT customer, SUM(amount) FROM orders GROUP BY GROUPING SETS ((customer), ()) HAVING GROUPING(customer) = 1 OR SUM(amount) > 10 ORDER BY customer"],
  ["shop", "SELECT qty, GROUPING(customer) FROM orders GROUP BY ROLLUP(qty)", FAILS],
  // JOIN ... USING
  ["using", "SELECT * FROM l JOIN r USING (k)"],
  ["using", "SELECT * FROM l LEFT JOIN r USING (k) ORDER BY k"],
  ["using", "SELECT * FROM l RIGHT JOIN r USING (k) ORDER BY k"],
  ["using", "SELECT * FROM l FULL JOIN r USING (k) ORDER BY k"],
  ["using", "SELECT k, l.k, r.k, k + 1 FROM l FULL JOIN r USING (k) ORDER BY 1"],
  ["using", "SELECT k, COUNT(*) FROM l FULL JOIN r USING (k) GROUP BY k HAVING k > 1 ORDER BY k"],
  ["using", "SELECT l.* FROM l JOIN r USING (k)"],
  ["using", "SELECT * FROM l FULL JOIN r USING (k) FULL JOIN x USING (k) ORDER BY k"],
  ["using", "SELECT * FROM x JOIN (l JOIN r USING (k)) ON x.z = 99"],
  ["using", "SELECT * FROM l JOIN r USING (k) WHERE k > 1", FAILS],
  // subqueries, WITH, set operations, VALUES
  ["shop", "SELECT id FROM orders WHERE customer IN (SELECT name FROM customers WHERE city <> 'Rome')"],
  ["shop", "SELECT name FROM customers WHERE EXISTS (SELECT id FROM orders WHERE id > 4)"],
  ["shop", "SELECT name FROM customers WHERE NOT EXISTS (SELECT id FROM orders WHERE id > 40)"],
  ["shop", "SELECT id, (SELECT MAX(qty) FROM orders) AS m FROM orders"],
  ["shop", "SELECT * FROM orders WHERE qty = (SELECT MAX(qty) FROM orders)"],
  ["shop", "SELECT name FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer = c.name AND o.amount > 10)"],
  ["shop", "SELECT name, (SELECT COUNT(*) FROM orders o WHERE o.customer = c.name) AS n, (SELECT SUM(o.amount) FROM orders o WHERE o.customer = c.name) AS total FROM customers c ORDER BY name"],
  ["shop", "SELECT id FROM orders WHERE customer NOT IN (SELECT name FROM customers)"],
  ["shop", "WITH big AS (SELECT id, qty FROM orders WHERE qty >= 2) SELECT SUM(qty) FROM big"],
  ["shop", "SELECT customer FROM orders WHERE id < 4 UNION SELECT name FROM customers"],
  ["shop", "SELECT customer FROM orders WHERE id < 3 UNION ALL SELECT name FROM customers WHERE name = 'ann'"],
  ["shop", "SELECT customer FROM orders INTERSECT SELECT name FROM customers"],
  ["shop", "SELECT customer FROM orders EXCEPT SELECT name FROM customers"],
  ["shop", "SELECT * FROM (VALUES (1, 'a'), (2, 'bb')) AS t(a, b)"],
  ["shop", "VALUES (1), (2)"],
  // ROW_NUMBER Top-N, RANK / DENSE_RANK (batch)
  ["shop", "SELECT customer, id, rn FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY customer ORDER BY amount DESC) AS rn FROM orders) WHERE rn <= 1 AND customer IS NOT NULL ORDER BY customer"],
  ["ranks", "SELECT g, v, RANK() OVER (PARTITION BY g ORDER BY v DESC) AS r FROM s"],
  ["ranks", "SELECT v, DENSE_RANK() OVER (ORDER BY v DESC) AS r FROM s WHERE g = 'a'"],
  ["ranks", "SELECT g, v, r FROM (SELECT g, v, RANK() OVER (PARTITION BY g ORDER BY v DESC) AS r FROM s) WHERE r <= 2"],
  ["ranks", "SELECT v FROM (SELECT v, RANK() OVER (ORDER BY v) AS r FROM s WHERE g = 'a') WHERE r = 3"],
  ["ranks", "SELECT v FROM (SELECT v, DENSE_RANK() OVER (ORDER BY v) AS r FROM s WHERE g = 'a') WHERE r = 3"],
  ["ranks", "SELECT DENSE_RANK() OVER (PARTITION BY g) FROM s", FAILS],
  // over-batch.test.ts: batch OVER windows, any ORDER BY, FOLLOWING frames, LAG / LEAD.
  ["ranks", "SELECT g, v, SUM(v) OVER (PARTITION BY g ORDER BY v DESC) AS run_total FROM s ORDER BY g, v DESC"],
  ["ranks", "SELECT v, AVG(v) OVER (ORDER BY v ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS smooth, v - LAG(v, 1, 0) OVER (ORDER BY v) AS step FROM s ORDER BY v, smooth"],
  ["ranks", "SELECT v, COUNT(*) OVER (ORDER BY v RANGE BETWEEN 10 PRECEDING AND CURRENT ROW) AS near FROM s ORDER BY v"],
  ["ranks", "SELECT SUM(v) OVER (ORDER BY v ROWS BETWEEN CURRENT ROW AND 1 PRECEDING) FROM s", FAILS],
  ["ranks", "SELECT g, v, RANK() OVER (PARTITION BY g ORDER BY v) AS r FROM s", DDL_FAILS],
  // UNNEST
  ["unnest", "SELECT id, tag FROM a CROSS JOIN UNNEST(tags) AS t(tag)"],
  ["unnest", "SELECT id, tag, n FROM a LEFT JOIN UNNEST(tags) WITH ORDINALITY AS t(tag, n) ON TRUE"],

  // functions/strings.test.ts, hash.test.ts
  ["empty", "SELECT CONCAT('a', 'b', 'c'), CONCAT('a', CAST(NULL AS STRING)), CONCAT_WS('-', 'a', CAST(NULL AS STRING), 'c'), 'a' || 'b'"],
  ["empty", "SELECT UPPER('ab1'), LOWER('AB'), INITCAP('hello wORLD-foo'), REVERSE('abc')"],
  ["empty", "SELECT TRIM(BOTH ' ' FROM '  a  '), TRIM(LEADING 'x' FROM 'xxaxx'), TRIM(TRAILING 'x' FROM 'xxaxx'), LTRIM('  a '), RTRIM(' a  '), BTRIM('xyax', 'xy')"],
  ["empty", "SELECT SUBSTRING('hello' FROM 2 FOR 3), SUBSTRING('hello', 2), SUBSTRING('hello', 0, 2), SUBSTRING('hello', -3, 2), SUBSTR('hello', 9)"],
  ["empty", "SELECT CHAR_LENGTH('héllo'), CHARACTER_LENGTH(''), POSITION('l' IN 'hello'), POSITION('z' IN 'hello'), LOCATE('l', 'hello', 4), INSTR('hello', 'lo')"],
  ["empty", "SELECT REPLACE('a.b.c', '.', '-'), REPEAT('ab', 3), LPAD('hi', 4, '??'), RPAD('hi', 5, 'xy'), LEFT('hello', 2), RIGHT('hello', 3), LEFT('hi', 5)"],
  ["empty", "SELECT REGEXP('k1=v1', 'k\\d='), REGEXP_REPLACE('foobar', 'oo|ar', ''), REGEXP_EXTRACT('foothebar', 'foo(.*?)(bar)', 2), REGEXP_EXTRACT('abc', '(unclosed', 1), REGEXP_REPLACE('abc', 'b', '[$0]')"],
  ["empty", "SELECT 'abc' LIKE 'a_c', 'abc' LIKE 'A%', '50%' LIKE '50!%' ESCAPE '!', 'abc' SIMILAR TO '(a|x)%', 'abc' NOT LIKE 'b%'"],
  ["empty", "SELECT SPLIT_INDEX('a,b,c', ',', 1), SPLIT_INDEX('a,b,c', ',', 3), TO_BASE64('hé'), FROM_BASE64('aMOp'), ASCII('a'), CHR(97)"],
  ["empty", "SELECT MD5('abc'), SHA1('abc'), SHA256(''), SHA2('abc', 224)"],
  ["empty", "SELECT UPPER(1)", FAILS],
  // functions/numeric.test.ts, operators.test.ts
  ["empty", "SELECT ABS(-3), ABS(-2147483648), ABS(-1.50), SIGN(-5), SIGN(CAST(0 AS BIGINT)), PI()"],
  ["empty", "SELECT ROUND(2.5E0), ROUND(-2.5E0), ROUND(1.005E0, 2), ROUND(1234.5678E0, -2), ROUND(1250, -2), ROUND(12.345), ROUND(1.2345, 2), ROUND(123.456, -1)"],
  ["empty", "SELECT TRUNCATE(42.345E0, 2), TRUNCATE(-42.345E0), TRUNCATE(1999, -3), TRUNCATE(1.789, 1), FLOOR(-1.5E0), CEIL(1.2E0), FLOOR(-1.50), CEILING(1.01), CEIL(7)"],
  ["empty", "SELECT MOD(-7, 3), POWER(2, 10), SQRT(16), SQRT(-1), EXP(0), LOG10(1000), LOG2(8), LOG(2, 8)"],
  ["empty", "SELECT 7 / 2, -7 / 2, -7 % 3, 2147483647 + 1, 65536 * 65536, 1.0E0 / 0, 0.0E0 / 0.0E0, CAST(1.10 AS DECIMAL(10, 2)) + CAST(2.005 AS DECIMAL(5, 3)), CAST(1.00 AS DECIMAL(10, 2)) / CAST(3.000 AS DECIMAL(5, 3))"],
  ["empty", "SELECT RAND(42), RAND_INTEGER(42, 10), RAND(42) = RAND(42)"],
  ["empty", "SELECT 1 / 0", FAILS],
  ["empty", "SELECT MOD(1.5E0, 1)", FAILS],
  // functions/temporal.test.ts (the clock is the same on both sides)
  ["empty", "SELECT CURRENT_TIMESTAMP, NOW(), LOCALTIMESTAMP, CURRENT_DATE, CURRENT_TIME"],
  ["empty", "SELECT LOCALTIMESTAMP, CURRENT_DATE, CAST(TIMESTAMP_LTZ '2024-01-01 12:00:00' AS STRING), EXTRACT(HOUR FROM TIMESTAMP_LTZ '2024-01-01 23:00:00')", TOKYO],
  ["empty", "SELECT EXTRACT(YEAR FROM DATE '2024-06-15'), EXTRACT(DAY FROM DATE '2024-02-29'), YEAR(DATE '2024-01-01'), DAYOFWEEK(DATE '2024-01-01'), DAYOFYEAR(DATE '2024-12-31'), WEEK(DATE '2021-01-03'), QUARTER(DATE '2024-11-30'), HOUR(TIMESTAMP '2024-01-01 07:08:09')"],
  ["empty", "SELECT DATE_FORMAT(TIMESTAMP '2024-06-05 07:08:09.012', 'yyyy-MM-dd HH:mm:ss.SSS'), DATE_FORMAT(TIMESTAMP '2024-06-05 19:08:09', 'yy/M/d h:mm a, EEE MMM'), DATE_FORMAT('2024-06-05 07:08:09', 'dd.MM.yyyy')"],
  ["empty", "SELECT TO_TIMESTAMP('2024-01-02 03:04:05'), TO_TIMESTAMP('02/01/2024 03:04', 'dd/MM/yyyy HH:mm'), TO_TIMESTAMP('not a time'), TO_DATE('2024-06-15'), TO_DATE('15.06.2024', 'dd.MM.yyyy'), TO_TIMESTAMP_LTZ(1700000000, 0), UNIX_TIMESTAMP('2024-01-01 00:00:00')"],
  ["empty", "SELECT FLOOR(TIMESTAMP '2024-06-15 12:34:56' TO HOUR), CEIL(TIMESTAMP '2024-06-15 12:34:56' TO DAY), TIMESTAMPDIFF(DAY, TIMESTAMP '2024-01-01 00:00:00', TIMESTAMP '2024-03-01 00:00:00'), TIMESTAMPADD(HOUR, 5, DATE '2024-01-01'), TIMESTAMPADD(DAY, 5, DATE '2024-01-01')"],
  // functions/cast.test.ts
  ["empty", "SELECT CAST(12 AS CHAR(5)), CAST('abcdef' AS VARCHAR(3)), CAST(' 42 ' AS INT), CAST('1.9' AS INT), CAST('-9223372036854775808' AS BIGINT), CAST('no' AS BOOLEAN), CAST('1.005' AS DECIMAL(5, 2)), CAST('123.4' AS DECIMAL(3, 1))"],
  ["empty", "SELECT TRY_CAST('abc' AS INT), TRY_CAST('128' AS TINYINT), TRY_CAST('maybe' AS BOOLEAN), TRY_CAST('2023-02-29' AS DATE), CAST('1.5e3' AS DOUBLE), CAST('NaN' AS DOUBLE)"],
  ["empty", "SELECT CAST(128 AS TINYINT), CAST(-2.7E0 AS INT), CAST(1E20 AS INT), CAST(CAST(-2.99 AS DECIMAL(5, 2)) AS INT), CAST(2.25E0 AS DECIMAL(4, 1)), CAST(TRUE AS INT), CAST(0.5 AS BOOLEAN)"],
  ["empty", "SELECT CAST(TIMESTAMP '2024-06-15 23:30:00.123456789' AS DATE), CAST(TIMESTAMP '2024-06-15 23:30:00.123456789' AS TIME(0)), CAST(DATE '2024-06-15' AS TIMESTAMP(3)), CAST(ARRAY[1, CAST(NULL AS INT)] AS ARRAY<STRING>), CAST(ROW(1, 'z') AS STRING), CAST('hé' AS BYTES)"],
  ["empty", "SELECT CAST('abc' AS INT)", FAILS],
  ["empty", "SELECT CAST(1 AS TIMESTAMP(3))", FAILS],
  // functions/collections-json.test.ts: conditional, collections, JSON
  ["empty", "SELECT COALESCE(NULL, 1), COALESCE(CAST(NULL AS INT), 1.50), IFNULL(CAST(NULL AS INT), 3), NULLIF(1, 1), NULLIF(1, 2), IF(1 > 0, 'y', 'n'), IF(CAST(NULL AS BOOLEAN), 'y', 'n'), IF(TRUE, 1, 2.5E0)"],
  ["empty", "SELECT GREATEST(1, 5, 3), LEAST('b', 'a'), GREATEST(1, CAST(NULL AS INT)), 1 IS DISTINCT FROM CAST(NULL AS INT), CAST(NULL AS INT) IS NOT DISTINCT FROM CAST(NULL AS INT), CASE 2 WHEN 1 THEN 'one' WHEN 2 THEN 'two' ELSE 'many' END"],
  ["empty", "SELECT ARRAY['a', 'bb'], MAP['a', 'x', 'bb', 'yy'], IF(TRUE, 'a', 'bb'), COALESCE('a', 'bb'), CASE WHEN TRUE THEN 'a' ELSE 'bb' END, ARRAY['a', 'b']"],
  ["empty", "SELECT ARRAY[1, 2.5E0, NULL], ARRAY[10, 20][1], ARRAY[10, 20][3], MAP['a', 1]['b'], CARDINALITY(ARRAY[1, 2, 3]), CARDINALITY(MAP['a', 1]), ELEMENT(ARRAY[7]), ROW(1, 'x')"],
  ["empty", "SELECT ARRAY_CONTAINS(ARRAY[1, 2], 2), ARRAY_POSITION(ARRAY['a', 'b', 'b'], 'b'), ARRAY_REMOVE(ARRAY[1, 2, 1, 3], 1), ARRAY_DISTINCT(ARRAY[1, 2, 1, NULL, NULL]), ARRAY_REVERSE(ARRAY[1, 2, 3])"],
  ["empty", "SELECT ARRAY_SLICE(ARRAY[1, 2, 3, 4, 5], 2, 4), ARRAY_CONCAT(ARRAY[1], ARRAY[2, 3]), ARRAY_APPEND(ARRAY[1], 2), ARRAY_PREPEND(ARRAY[1], 0), ARRAY_JOIN(ARRAY['a', NULL, 'c'], ',', '?'), ARRAY_MAX(ARRAY[3, NULL, 9, 1])"],
  ["empty", "SELECT MAP_FROM_ARRAYS(ARRAY['a', 'b'], ARRAY[1, 2]), MAP_KEYS(MAP['a', 1, 'b', 2]), MAP_VALUES(MAP['a', 1, 'b', 2]), MAP_ENTRIES(MAP['a', 1, 'b', 2])"],
  ["empty", "SELECT ELEMENT(ARRAY[1, 2])", FAILS],
  ["empty", `SELECT JSON_VALUE(${DOC}, '$.name'), JSON_VALUE(${DOC}, '$.a.b[1]'), JSON_VALUE(${DOC}, '$.o'), JSON_VALUE('not json', '$.a'), JSON_QUERY(${DOC}, '$.a.b'), JSON_EXISTS(${DOC}, '$.a.b[2]')`],
  // functions/sql.test.ts: JSON_VALUE / JSON_QUERY / JSON_EXISTS clauses
  ["empty", `SELECT JSON_VALUE('{"a": "x"}', '$.a' RETURNING INT DEFAULT -1 ON ERROR), JSON_VALUE('{"a": true}', 'lax $.b' DEFAULT FALSE ON EMPTY), JSON_VALUE('{"a": 1.25}', '$.a' RETURNING DECIMAL(5, 2))`],
  ["empty", `SELECT JSON_QUERY('[1, 2]', '$' WITH UNCONDITIONAL ARRAY WRAPPER), JSON_QUERY('{"a":[{"c":"c1"},{"c":"c2"}]}', 'lax $.a[*].c' RETURNING ARRAY<STRING>), JSON_QUERY('{}', 'strict $.invalid' EMPTY ARRAY ON ERROR), JSON_EXISTS('{}', 'strict $.a' UNKNOWN ON ERROR)`],
  ["empty", `SELECT JSON_VALUE('{}', 'lax $.a' ERROR ON EMPTY)`, FAILS],
  ["empty", "SELECT JSON_OBJECT('a' VALUE 1, 'b' VALUE CAST(NULL AS STRING)), JSON_OBJECT('k' VALUE 1, 'n' VALUE CAST(NULL AS INT) ABSENT ON NULL), JSON_ARRAY(1, CAST(NULL AS INT), TRUE, 1.50), JSON_ARRAY(CAST(NULL AS INT) NULL ON NULL), JSON_STRING(ARRAY[1, 2]), '{\"a\":1}' IS JSON OBJECT"],
  // functions/aggregates.test.ts
  ["shop", "SELECT COUNT(*), COUNT(qty), COUNT(DISTINCT qty), SUM(qty), AVG(qty), AVG(amount), MIN(customer), MAX(amount) FROM orders"],
  ["shop", "SELECT LISTAGG(customer), LISTAGG(customer, '; '), FIRST_VALUE(qty), LAST_VALUE(qty) FROM orders"],
  ["shop", "SELECT COLLECT(customer), ARRAY_AGG(qty) FROM orders"],
  ["shop", "SELECT STDDEV_POP(qty), STDDEV_SAMP(qty), VAR_POP(CAST(qty AS DOUBLE)), VAR_SAMP(CAST(qty AS DOUBLE)), VARIANCE(qty), STDDEV(amount) FROM orders"],
  ["shop", "SELECT BOOL_AND(qty > 0), BOOL_OR(qty > 2), customer FROM orders GROUP BY customer"],
  ["shop", "SELECT SUM(customer) FROM orders", FAILS],

  // errors.test.ts
  ["errs", "SELEC 1", FAILS],
  ["errs", "SELECT x FROM t", FAILS],
  ["errs", "SELECT t.x FROM t", FAILS],
  ["errs", "SELECT a FROM t JOIN u ON t.a = u.a", FAILS],
  ["errs", "SELECT a, COUNT(*) FROM t", FAILS],
  ["errs", "SELECT a FROM t WHERE COUNT(*) > 1", FAILS],
  ["errs", "SELECT a FROM t UNION SELECT a, c FROM u", FAILS],
  ["errs", "INSERT INTO t VALUES (1)", DDL_FAILS],
  ["errs", "SELECT 1", { fails: true, props: { "sql.local-time-zone": "Mars/Base" } }],
  ["errs", "SELECT a FROM t ORDER BY a", DDL_FAILS],
  ["errs", "SELECT a FROM t INTERSECT ALL SELECT a FROM u", FAILS],
  ["errs", "SELECT * FROM t NATURAL JOIN u"],
  ["errs", "SELECT * FROM t NATURAL JOIN u ON t.a = u.a", FAILS],
  ["errs", "SELECT a, (SELECT MAX(c) FROM u WHERE u.a > t.a) FROM t", FAILS],
  ["errs", "SELECT b FROM t GROUP BY GROUPING SETS ((a), CUBE(b))", FAILS],
  ["errs", "INSERT OVERWRITE t SELECT * FROM t", DDL_FAILS],
  ["errs", "INSERT INTO t SELECT * FROM t", DDL_FAILS],
  // syntax/errors.test.ts
  ["errs", "SELECT * FROMM t", FAILS],
  ["errs", "SELECT 1; SELECT 2", FAILS],
  ["errs", "SELECT # FROM t", FAILS],
  ["errs", "SELECT \"a\" FROM t", FAILS],
  ["errs", "SELECT x'abc'", FAILS],
  ["errs", "SELECT DATE '2024-13-01'", FAILS],
  ["errs", "SELECT INTERVAL '100' DAY", FAILS],
  ["errs", "CREATE TABLE bad (a DECIMAL(40, 2))", DDL_FAILS],
  ["errs", "CREATE TABLE bad (a FOO)", DDL_FAILS],
  ["errs", "SELECT * FROM t MATCH_RECOGNIZE (PATTERN (A))", FAILS],
  ["errs", "CREATE TABLE bad (ts TIMESTAMP(3), WATERMARK FOR ts AS ts, WATERMARK FOR ts AS ts)", DDL_FAILS],

  // catalog.test.ts: DDL, INSERT and queries in sequence on one database
  ["empty", "CREATE TABLE t (a INT)", DDL],
  ["empty", "INSERT INTO t VALUES (1)", DDL],
  ["empty", "SELECT a FROM `default`.cluster_0.t"],
  ["empty", "SELECT a FROM `env-123`.`lkc-abc`.t"],
  ["empty", "SELECT a FROM cluster_0.t"],
  ["empty", "SELECT * FROM T", FAILS],
  ["empty", "SELECT * FROM nocat.db.t", FAILS],
  ["empty", "SELECT * FROM `default`.nodb.t", FAILS],
  ["empty", "CREATE TABLE t (a INT)", DDL_FAILS],
  ["empty", "CREATE TABLE IF NOT EXISTS t (a INT)", DDL],
  ["empty", "CREATE TABLE k (id INT, v STRING NOT NULL, PRIMARY KEY (id) NOT ENFORCED) DISTRIBUTED BY HASH(id) INTO 4 BUCKETS", DDL],
  ["empty", "CREATE TABLE k2 (id INT PRIMARY KEY, v STRING)", DDL_FAILS],
  ["empty", "CREATE TABLE c (a INT, ts TIMESTAMP_LTZ(3) METADATA FROM 'timestamp', WATERMARK FOR ts AS ts)", DDL],
  ["empty", "INSERT INTO c (a) VALUES (1)", DDL],
  ["empty", "SELECT a, ts FROM c"],
  ["empty", "CREATE VIEW v (x) AS SELECT a + 1 FROM t WHERE a = 1", DDL],
  ["empty", "SELECT x FROM v"],
  ["empty", "DROP TABLE v", DDL_FAILS],
  ["empty", "INSERT INTO v VALUES (1)", DDL_FAILS],
  ["empty", "ALTER TABLE t ADD b STRING", DDL],
  ["empty", "INSERT INTO t VALUES (2, 'x')", DDL],
  ["empty", "SELECT * FROM t"],
  ["empty", "ALTER TABLE t SET ('changelog.mode' = 'append')", DDL],
  ["empty", "SHOW CREATE TABLE t"],
  ["empty", "CREATE TABLE examples.marketplace.x (a INT)", DDL_FAILS],
  ["empty", "USE CATALOG `default`", FAILS],
  ["empty", "SET 'a' = 'b'", FAILS],
  ["empty", "CREATE TABLE dst (a INT, b STRING)", DDL],
  ["empty", "INSERT INTO dst SELECT * FROM t WHERE a = (SELECT MAX(a) FROM t)"],
  ["empty", "SELECT * FROM dst"],
  // SHOW, DESCRIBE, EXPLAIN
  ["empty", "SHOW CATALOGS"],
  ["empty", "SHOW DATABASES"],
  ["empty", "SHOW TABLES"],
  ["empty", "SHOW TABLES LIKE 't%'"],
  ["empty", "SHOW VIEWS"],
  ["empty", "SHOW CURRENT CATALOG"],
  ["empty", "SHOW CURRENT DATABASE"],
  ["empty", "DESCRIBE k"],
  ["empty", "DESCRIBE EXTENDED k"],
  ["empty", "SHOW CREATE TABLE k"],
  ["empty", "EXPLAIN SELECT b, COUNT(*) FROM t GROUP BY b"],
  // INFORMATION_SCHEMA
  ["empty", "SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA <> 'INFORMATION_SCHEMA' ORDER BY TABLE_NAME"],
  ["empty", "SELECT TABLE_SCHEMA_ID, TABLE_TYPE, COMMENT FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'KEY_COLUMN_USAGE'"],
  ["empty", "SELECT COLUMN_NAME, ORDINAL_POSITION, IS_NULLABLE, DATA_TYPE, FULL_DATA_TYPE, IS_HIDDEN, METADATA_KEY, IS_PERSISTED FROM `default`.INFORMATION_SCHEMA.`COLUMNS` WHERE TABLE_NAME = 'c'"],
  ["empty", "SELECT SCHEMA_NAME, SCHEMA_ID FROM INFORMATION_SCHEMA.SCHEMATA WHERE SCHEMA_NAME = 'cluster_0'"],
  ["empty", "SELECT * FROM INFORMATION_SCHEMA.DATABASES"],
  ["empty", "SELECT * FROM INFORMATION_SCHEMA.INFORMATION_SCHEMA_CATALOG_NAME"],
  ["empty", "CREATE TABLE k1 (id INT, v STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ('changelog.mode' = 'upsert', 'kafka.retention.time' = '1 d')", DDL],
  ["empty", "CREATE TABLE k3 (s1 STRING, s2 STRING, i INT, CONSTRAINT my_pk PRIMARY KEY (s1, s2) NOT ENFORCED)", DDL],
  ["empty", "SELECT * FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS"],
  ["empty", "SELECT CONSTRAINT_NAME, TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION FROM INFORMATION_SCHEMA.KEY_COLUMN_USAGE"],
  ["empty", "SELECT * FROM INFORMATION_SCHEMA.TABLE_OPTIONS"],
  ["empty", "DROP VIEW v", DDL],
  ["empty", "DROP TABLE dst", DDL],
  ["empty", "DROP TABLE dst", DDL_FAILS],
  ["empty", "DROP TABLE IF EXISTS dst", DDL],
  ["empty", "SHOW TABLES"],
];

// ---------------------------------------------------------------------------------------------
// Streaming: [statement, steps]; a step is an INSERT (run on both sides) or a clock advance in
// ms. After every step the change events read through a streaming cursor must equal the
// engine's changelog so far. Tables: t (a INT, b STRING), u (b STRING, c INT).

type Step = string | number;
const STREAMING_SETUP = ["CREATE TABLE t (a INT, b STRING)", "CREATE TABLE u (b STRING, c INT)"];
const TUMBLE_10S = "TABLE(TUMBLE(TABLE t, DESCRIPTOR($rowtime), INTERVAL '10' SECOND))";

const STREAMING: ReadonlyArray<readonly [string, readonly Step[]]> = [
  ["SELECT a * 10 AS a10, b FROM t WHERE a > 1", ["INSERT INTO t VALUES (1, 'x'), (2, 'y')", "INSERT INTO t VALUES (3, 'z')"]],
  ["SELECT b, COUNT(*) AS n, SUM(a) AS total FROM t GROUP BY b", ["INSERT INTO t VALUES (1, 'x')", "INSERT INTO t VALUES (2, 'y')", "INSERT INTO t VALUES (3, 'x')"]],
  ["SELECT b, COUNT(*) AS n FROM t GROUP BY b HAVING COUNT(*) >= 2", ["INSERT INTO t VALUES (1, 'x')", "INSERT INTO t VALUES (2, 'x')", "INSERT INTO t VALUES (3, 'x')"]],
  ["SELECT n, COUNT(*) AS keys FROM (SELECT b, COUNT(*) AS n FROM t GROUP BY b) GROUP BY n", ["INSERT INTO t VALUES (1, 'x')", "INSERT INTO t VALUES (2, 'y')", "INSERT INTO t VALUES (3, 'x')"]],
  ["SELECT x.b, x.n, u.c FROM (SELECT b, COUNT(*) AS n FROM t GROUP BY b) AS x LEFT JOIN u ON x.b = u.b", ["INSERT INTO t VALUES (1, 'y')", "INSERT INTO u VALUES ('y', 5)", "INSERT INTO t VALUES (2, 'y')"]],
  [`SELECT window_start, window_end, window_time, b, COUNT(*) AS n FROM ${TUMBLE_10S} GROUP BY window_start, window_end, window_time, b`, ["INSERT INTO t VALUES (1, 'x'), (2, 'y')", 4000, "INSERT INTO t VALUES (3, 'x')", 5000, 1000, "INSERT INTO t VALUES (4, 'x')", 10000]],
  ["SELECT window_start, window_end, COUNT(*) FROM TABLE(HOP(TABLE t, DESCRIPTOR($rowtime), INTERVAL '5' SECOND, INTERVAL '10' SECOND)) GROUP BY window_start, window_end", ["INSERT INTO t VALUES (1, 'x')", 7000, "INSERT INTO t VALUES (2, 'x')", 10000]],
  ["SELECT b, COUNT(*) AS n, SUM(a) AS total, GROUPING(b) AS g FROM t GROUP BY ROLLUP(b)", ["INSERT INTO t VALUES (1, 'x')", "INSERT INTO t VALUES (2, 'y')", "INSERT INTO t VALUES (3, 'x')"]],
  [`SELECT window_start, window_end, b, COUNT(*) AS n FROM ${TUMBLE_10S} GROUP BY window_start, window_end, CUBE(b)`, ["INSERT INTO t VALUES (1, 'x'), (2, 'y')", 4000, "INSERT INTO t VALUES (3, 'x')", 10000]],
  // streaming.test.ts, "correlated subqueries"
  ["SELECT a FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.b = t.b AND u.c > 0)", ["INSERT INTO t VALUES (1, 'x')", "INSERT INTO u VALUES ('x', 5)", "INSERT INTO t VALUES (2, 'x'), (3, 'y')"]],
  ["SELECT a, (SELECT COUNT(*) FROM u WHERE u.b = t.b) AS n FROM t", ["INSERT INTO t VALUES (1, 'x')", "INSERT INTO u VALUES ('x', 5)", "INSERT INTO u VALUES ('x', 1), ('y', 0)", "INSERT INTO t VALUES (2, 'x'), (3, 'y')"]],
  ["SELECT a, b FROM t ORDER BY a DESC LIMIT 2", ["INSERT INTO t VALUES (1, 'x'), (2, 'y')", "INSERT INTO t VALUES (3, 'z')", "INSERT INTO t VALUES (0, 'w')"]],
  ["SELECT a, b FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY b ORDER BY $rowtime DESC) AS rn FROM t) WHERE rn = 1", ["INSERT INTO t VALUES (1, 'x')", 1000, "INSERT INTO t VALUES (2, 'x')"]],
];

// ---------------------------------------------------------------------------------------------
// The two sides.

/** What a statement produced on one side. */
type Outcome =
  | {
      readonly ok: true;
      readonly traits: Traits;
      /** Name and formatted type per column. */
      readonly columns: ReadonlyArray<readonly [string, string]>;
      /** The full logical types, as the engine made them and as the client parsed them. */
      readonly types: readonly LogicalType[];
      readonly rows: readonly unknown[][];
    }
  | { readonly ok: false; readonly detail: string };
/** The traits both sides report (the streaming cursor's view types them as possibly absent). */
interface Traits {
  readonly sqlKind?: string | null | undefined;
  readonly isBounded?: boolean | null | undefined;
  readonly isAppendOnly?: boolean | null | undefined;
  readonly upsertColumns?: readonly number[] | null | undefined;
}

const traitsOf = (t: Traits): Traits => ({ sqlKind: t.sqlKind, isBounded: t.isBounded, isAppendOnly: t.isAppendOnly, upsertColumns: t.upsertColumns });
const columnsOf = (schema: readonly Column[] | null): Array<[string, string]> => (schema ?? []).map((c) => [c.name, formatType(c.type)]);
const typesOf = (schema: readonly Column[] | null): LogicalType[] => (schema ?? []).map((c) => c.type);

/** One engine/emulator pair with the same context, clock start and setup. */
class Pair {
  readonly direct = new Harness();
  readonly clock = new ManualClock(HARNESS_CONTEXT.start);
  readonly emu: Emulator;
  readonly conn: Connection;

  constructor() {
    const { environment, databases, seed } = HARNESS_CONTEXT;
    this.emu = createEmulator({
      clock: this.clock,
      timing: { pendingMs: 0, stoppingMs: 0, deletingMs: 0, failingMs: 0 },
      environmentId: environment.id,
      environmentName: environment.name,
      databases,
      seed,
      autoStopMs: 0,
    });
    this.conn = connect({ ...this.emu.connectOptions, fetch: this.emu.fetch, cast: (_column, raw) => raw, poll: { initialMs: 1, maxMs: 5 } });
  }

  /** The properties the client sends (checked against the statement below), plus the case's. */
  props(snapshot: boolean, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
    return {
      ...extra,
      "sql.current-catalog": this.emu.environmentId,
      "sql.current-database": this.emu.connectOptions.database,
      ...(snapshot ? { "sql.snapshot.mode": "now" } : {}),
    };
  }

  /** Compiles and starts on the engine as the gateway's lifecycle does; a thrown error is a failure. */
  runDirect(sql: string, props: Record<string, string>): Outcome {
    let sink: CollectingSink;
    let traits: EngineTraits;
    try {
      const st = this.direct.compile(sql, props);
      traits = st.traits;
      sink = new CollectingSink();
      st.start(sink);
    } catch (e) {
      // The gateway reports an EngineError's message as the detail; anything else is a crash.
      if (!(e instanceof EngineError)) throw e;
      return { ok: false, detail: e.message };
    }
    if (sink.failed !== null) return { ok: false, detail: sink.failed };
    expect(sink.completed, `the engine did not complete ${sql}`).toBe(true);
    return { ok: true, traits: traitsOf(traits), columns: columnsOf(traits.schema), types: typesOf(traits.schema), rows: sink.rows.map((r) => r.row) };
  }

  /** The same statement through the client: `cursor().execute` (snapshot) or `executeStreamingDdl`. */
  async runGateway(sql: string, ddl: boolean, extra: Readonly<Record<string, string>> | undefined): Promise<Outcome> {
    const options = extra ? { properties: extra } : {};
    const cur = this.conn.cursor();
    let st: Statement | null = null;
    try {
      if (ddl) st = await this.conn.executeStreamingDdl(sql, undefined, options);
      else st = (await cur.execute(sql, undefined, options)).statement;
    } catch (e) {
      if (!(e instanceof StatementFailedError)) throw e;
      expect(e.code).toBe("STATEMENT_FAILED");
      expect(e.phase).toBe("FAILED");
      return { ok: false, detail: e.detail ?? "" };
    }
    try {
      expect(st!.phase).toBe("COMPLETED");
      expect(st!.properties).toEqual(this.props(!ddl, extra));
      const traits = st!.traits!;
      const description = ddl ? null : cur.description;
      // The client parses the schema itself; description's typeName must be the engine's type text.
      expect(description?.map((d) => [d.name, d.typeName]) ?? []).toEqual(columnsOf(traits.schema));
      const rows = description === null ? [] : ((await cur.fetchAll()) as unknown[][]);
      return { ok: true, traits: traitsOf(traits), columns: columnsOf(traits.schema), types: typesOf(traits.schema), rows };
    } finally {
      await cur.close();
    }
  }

  async close(): Promise<void> {
    await this.conn.close();
    await this.emu.close();
  }
}

/** Rows in a canonical order, for statements whose result order Flink leaves open. */
function canonical(rows: readonly unknown[][]): unknown[][] {
  return rows.map((r) => [JSON.stringify(r), r] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, r]) => r);
}

/** True when the outermost query has an ORDER BY (not one inside parentheses, e.g. OVER (...)). */
function isOrdered(sql: string): boolean {
  let outer = sql.replace(/'(?:[^']|'')*'/g, "''");
  for (let prev = ""; prev !== outer; ) {
    prev = outer;
    outer = outer.replace(/\([^()]*\)/g, "()");
  }
  return /\bORDER\s+BY\b/i.test(outer);
}

// ---------------------------------------------------------------------------------------------

const pairs = new Map<Fixture, Promise<Pair>>();
function pairFor(fixture: Fixture): Promise<Pair> {
  let p = pairs.get(fixture);
  if (p === undefined) {
    p = (async () => {
      const pair = new Pair();
      for (const sql of FIXTURES[fixture]) {
        pair.direct.run(sql, pair.props(false));
        await pair.conn.executeStreamingDdl(sql);
      }
      return pair;
    })();
    pairs.set(fixture, p);
  }
  return p;
}

afterAll(async () => {
  for (const p of pairs.values()) await (await p).close();
});

describe("corpus through the gateway equals the engine", () => {
  test("the corpus is large enough and covers failures", () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(80);
    expect(CORPUS.filter((c) => c[2]?.fails).length).toBeGreaterThanOrEqual(15);
  });

  test.each(CORPUS.map((c, i) => [i, ...c] as const))("#%i [%s] %s", async (_i, fixture, sql, options = {}) => {
    const pair = await pairFor(fixture);
    const ddl = options.ddl === true;
    const gateway = await pair.runGateway(sql, ddl, options.props);
    const direct = pair.runDirect(sql, pair.props(!ddl, options.props));
    expect(direct.ok, direct.ok ? "expected the engine to fail" : `engine failed: ${direct.detail}`).toBe(options.fails !== true);
    if (!direct.ok || !gateway.ok) {
      expect(gateway).toEqual(direct);
      return;
    }
    expect(gateway.traits).toEqual(direct.traits);
    expect(gateway.columns).toEqual(direct.columns);
    expect(gateway.types).toEqual(direct.types);
    if (isOrdered(sql)) expect(gateway.rows).toEqual(direct.rows);
    else expect(canonical(gateway.rows)).toEqual(canonical(direct.rows));
  });
});

describe("streaming changelogs through a streaming cursor equal the engine's", () => {
  test.each(STREAMING.map(([sql, steps]) => [sql, steps] as const))("%s", async (sql, steps) => {
    const pair = new Pair();
    try {
      for (const s of STREAMING_SETUP) {
        pair.direct.run(s, pair.props(false));
        await pair.conn.executeStreamingDdl(s);
      }
      const direct = pair.direct.start(sql, pair.props(false));
      const cur = pair.conn.streamingCursor({ arraySize: 1000 });
      await cur.execute(sql);
      expect(cur.statement!.properties).toEqual(pair.props(false));
      const traits = cur.statement!.traits!;
      expect(traitsOf(traits)).toEqual(traitsOf(direct.traits));
      expect(cur.description!.map((d) => [d.name, d.typeName])).toEqual(columnsOf(direct.traits.schema));
      expect(typesOf(cur.columns)).toEqual(typesOf(direct.traits.schema));
      expect(direct.traits.isBounded).toBe(false);

      const seen: Array<{ op: string; row: unknown }> = [];
      const drain = async () => {
        for (;;) {
          const items = await cur.fetchMany();
          if (items.length === 0) return;
          for (const item of items) seen.push(cur.returnsChangelog ? { op: (item as { op: string }).op, row: (item as { row: unknown }).row } : { op: "+I", row: item });
        }
      };
      const expected = () => direct.sink.rows.map((r) => ({ op: OPS[r.op], row: r.row }));
      await drain();
      expect(seen).toEqual(expected());
      for (const step of steps) {
        if (typeof step === "number") {
          pair.direct.clock.advance(step);
          pair.clock.advance(step);
        } else {
          pair.direct.run(step, pair.props(false));
          await pair.conn.executeStreamingDdl(step);
        }
        await drain();
        expect(seen, `after ${String(step)}`).toEqual(expected());
      }
      expect(direct.sink.rows.length).toBeGreaterThan(0);
      expect(direct.sink.failed).toBeNull();
      await cur.close();
    } finally {
      await pair.close();
    }
  });
});
