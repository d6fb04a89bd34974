/**
 * The documented examples of Confluent Cloud for Apache Flink's function reference and Apache
 * Flink's "System (Built-in) Functions" page, run through the engine (parser, planner, executor):
 * each row is [page, SQL, the value as it comes out on the wire, the column type, session zone].
 * Values and types follow the pages; where a page's example differs from what Flink does, the
 * row follows Flink and the comment says why. Examples left out: RAND() / UUID() / CURRENT_*
 * (not deterministic), MAP_KEYS / MAP_VALUES / MAP_ENTRIES / MAP_UNION (the pages say the order
 * is not guaranteed), PERCENTILE(col, 0.3) (Flink's interpolation gives 6.000000000000001, see
 * percentile.test.ts), TRUNCATE(42.324) ("42.0" is the Table API's DOUBLE; SQL's DECIMAL(5, 3)
 * literal gives DECIMAL(3, 0) 42) and LOG(1000) under LOG10 (a typo on the page: LOG(x) is ln).
 */
import { describe, expect, test } from "vitest";
import { Harness } from "../harness.ts";
import { formatType } from "../../../../src/types/format-type.ts";
import { sharedConnection } from "../../../support/emulated-connection.ts";

const CC = "https://docs.confluent.io/cloud/current/flink/reference/functions";
/** https://docs.confluent.io/cloud/current/flink/reference/functions/string-functions.html */
const STRINGS = `${CC}/string-functions.html`;
/** https://docs.confluent.io/cloud/current/flink/reference/functions/numeric-functions.html */
const NUMERIC = `${CC}/numeric-functions.html`;
/** https://docs.confluent.io/cloud/current/flink/reference/functions/collection-functions.html */
const COLLECTIONS = `${CC}/collection-functions.html`;
/** https://docs.confluent.io/cloud/current/flink/reference/functions/datetime-functions.html */
const DATETIME = `${CC}/datetime-functions.html`;
/** https://docs.confluent.io/cloud/current/flink/reference/functions/json-functions.html */
const JSON_FNS = `${CC}/json-functions.html`;
/** https://docs.confluent.io/cloud/current/flink/reference/functions/conditional-functions.html */
const CONDITIONAL = `${CC}/conditional-functions.html`;
/** https://docs.confluent.io/cloud/current/flink/reference/functions/aggregate-functions.html */
const AGGREGATES = `${CC}/aggregate-functions.html`;
/** https://docs.confluent.io/cloud/current/flink/reference/functions/hash-functions.html (prefixes shown there) */
const HASHES = `${CC}/hash-functions.html`;
/** Comparison, logical, conversion and JSON() examples of Apache Flink's page. */
const FLINK = "https://nightlies.apache.org/flink/flink-docs-release-2.2/docs/dev/table/functions/systemfunctions/";

type Example = [page: string, sql: string, value: unknown, type: string, zone?: string];

// Notes on single rows:
// - RAND(23), RAND(42), RAND_INTEGER(23, 1000), RAND_INTEGER(42, 10000): java.util.Random(seed).
// - DATE_FORMAT(..., 'K:mm a, z'): a STRING / TIMESTAMP is formatted in UTC, so `z` is "UTC".
// - TO_TIMESTAMP('2023-05-04 23:42:55', 'yyyy-mm-dd hh:mm:ss'): the pattern is wrong for the text
//   (mm twice, hh = 23), so Flink's parseTimestampData falls back to Timestamp.valueOf and the
//   documented 2023-05-04 23:42:55.000 comes out.
// - UNIX_TIMESTAMP: Flink's page runs these in Europe/Berlin (Confluent's page drops the SET);
//   SimpleDateFormat ignores the " +0800" after a pattern without X.
// - ARRAY_EXCEPT: the page prints [Java, SQL] but also says array1's order is kept: [SQL, Java].
// - JSON_QUERY / JSON(...) results are compact JSON, as Flink's Jackson writes them.
const EXAMPLES: Example[] = [
  [STRINGS, "SELECT ASCII('abc')", "97", "INT NOT NULL"],
  [STRINGS, "SELECT ASCII(CAST(NULL AS VARCHAR))", null, "INT"],
  [STRINGS, "SELECT 'Flink' || 'SQL'", "FlinkSQL", "CHAR(8) NOT NULL"],
  [STRINGS, "SELECT BTRIM('  www.apache.org  ')", "www.apache.org", "VARCHAR(18) NOT NULL"],
  [STRINGS, "SELECT BTRIM('/www.apache.org/', '/')", "www.apache.org", "VARCHAR(16) NOT NULL"],
  [STRINGS, "SELECT BTRIM('/*www.apache.org*/', '/*')", "www.apache.org", "VARCHAR(18) NOT NULL"],
  [STRINGS, "SELECT CHAR_LENGTH('Thomas A. Anderson')", "18", "INT NOT NULL"],
  [STRINGS, "SELECT CHR(97)", "a", "CHAR(1)"],
  [STRINGS, "SELECT CHR(353)", "a", "CHAR(1)"],
  [STRINGS, "SELECT CONCAT('AA', 'BB', 'CC')", "AABBCC", "STRING NOT NULL"],
  [STRINGS, "SELECT CONCAT_WS('~', 'AA', 'BB', '', 'CC')", "AA~BB~~CC", "STRING NOT NULL"],
  [STRINGS, "SELECT ELT(2, 'scala-1', 'java-2', 'go-3')", "java-2", "VARCHAR(7)"],
  [STRINGS, "SELECT FROM_BASE64('aGVsbG8gd29ybGQ=')", "hello world", "STRING"],
  [STRINGS, "SELECT INITCAP('title case this string')", "Title Case This String", "VARCHAR(22) NOT NULL"],
  [STRINGS, "SELECT INSTR('The quick brown fox jumped over the lazy dog.', 'the')", "33", "INT NOT NULL"],
  [STRINGS, "SELECT LEFT('Morpheus', 5)", "Morph", "VARCHAR(8) NOT NULL"],
  [STRINGS, "SELECT LOCATE('the', 'the play’s the thing', 10)", "12", "INT NOT NULL"],
  [STRINGS, "SELECT LOWER('The Quick Brown Fox Jumped Over The Lazy Dog.')", "the quick brown fox jumped over the lazy dog.", "CHAR(45) NOT NULL"],
  [STRINGS, "SELECT LPAD('hi', 4, '??')", "??hi", "STRING"],
  [STRINGS, "SELECT LPAD('hi', 1, '??')", "h", "STRING"],
  [STRINGS, "SELECT LTRIM(' This is a test string.')", "This is a test string.", "VARCHAR(23) NOT NULL"],
  [STRINGS, "SELECT OVERLAY('xxxxxtest' PLACING 'xxxx' FROM 6)", "xxxxxxxxx", "STRING NOT NULL"],
  [STRINGS, "SELECT OVERLAY('xxxxxtest' PLACING 'xxxx' FROM 6 FOR 2)", "xxxxxxxxxst", "STRING NOT NULL"],
  [STRINGS, "SELECT PARSE_URL('http://confluent.io/path1/p.php?k1=v1&k2=v2#Ref1', 'HOST')", "confluent.io", "STRING"],
  [STRINGS, "SELECT PARSE_URL('http://confluent.io/path1/p.php?k1=v1&k2=v2#Ref1', 'QUERY', 'k1')", "v1", "STRING"],
  [STRINGS, "SELECT POSITION('the' IN 'the quick brown fox')", "1", "INT NOT NULL"],
  [STRINGS, "SELECT POSITION('fox' IN 'the quick brown fox')", "17", "INT NOT NULL"],
  [STRINGS, "SELECT REGEXP('800 439 3207', '.?(\\d{3}).*(\\d{3}).*(\\d{4})')", "TRUE", "BOOLEAN NOT NULL"],
  [STRINGS, "SELECT REGEXP('2023-05-04', '((\\d{4}.\\d{2}).(\\d{2}))')", "TRUE", "BOOLEAN NOT NULL"],
  [STRINGS, "SELECT REGEXP_EXTRACT('foothebar', 'foo(.*?)(bar)', 2)", "bar", "STRING"],
  [STRINGS, "SELECT REGEXP_REPLACE('foobar', 'oo|ar', '')", "fb", "STRING"],
  [STRINGS, "SELECT REPEAT('Testing', 2)", "TestingTesting", "STRING NOT NULL"],
  [STRINGS, "SELECT REPLACE('hello world', 'world', 'flink')", "hello flink", "STRING NOT NULL"],
  [STRINGS, "SELECT REPLACE('ababab', 'abab', 'z')", "zab", "STRING NOT NULL"],
  [STRINGS, "SELECT REVERSE('the quick brown fox')", "xof nworb kciuq eht", "VARCHAR(19) NOT NULL"],
  [STRINGS, "SELECT RIGHT('Thomas A. Anderson', 8)", "Anderson", "VARCHAR(18) NOT NULL"],
  [STRINGS, "SELECT RPAD('hi', 4, '??')", "hi??", "STRING"],
  [STRINGS, "SELECT RPAD('hi', 1, '??')", "h", "STRING"],
  [STRINGS, "SELECT RTRIM('This is a test string. ')", "This is a test string.", "VARCHAR(23) NOT NULL"],
  [STRINGS, "SELECT SPLIT_INDEX('The quick brown fox', ' ', 3)", "fox", "STRING"],
  [STRINGS, "SELECT STR_TO_MAP('a=1,b=2,c=3')", [["a","1"],["b","2"],["c","3"]], "MAP<STRING, STRING> NOT NULL"],
  [STRINGS, "SELECT STR_TO_MAP('a:1;b:2;c:3', ';', ':')", [["a","1"],["b","2"],["c","3"]], "MAP<STRING, STRING> NOT NULL"],
  [STRINGS, "SELECT SUBSTR('The quick brown fox', 17)", "fox", "VARCHAR(19) NOT NULL"],
  [STRINGS, "SELECT SUBSTR('The quick brown fox', 1, 3)", "The", "VARCHAR(19) NOT NULL"],
  [STRINGS, "SELECT TO_BASE64('hello world')", "aGVsbG8gd29ybGQ=", "STRING NOT NULL"],
  [STRINGS, "SELECT TRANSLATE('AaBbCc', 'abc', '123')", "A1B2C3", "STRING NOT NULL"],
  [STRINGS, "SELECT TRANSLATE('AaBbCc', 'abc', '1')", "A1BC", "STRING NOT NULL"],
  [STRINGS, "SELECT TRANSLATE('AaBbCc', 'abc', '')", "ABC", "STRING NOT NULL"],
  [STRINGS, "SELECT TRANSLATE('www.apache.org', 'wapcheorg', ' APCHEcom')", "   .APACHE.com", "STRING NOT NULL"],
  [STRINGS, "SELECT TRIM(TRAILING 'fox' FROM 'The quick brown fox')", "The quick brown ", "VARCHAR(19) NOT NULL"],
  [STRINGS, "SELECT TRIM(LEADING 'The' FROM 'The quick brown fox')", " quick brown fox", "VARCHAR(19) NOT NULL"],
  [STRINGS, "SELECT TRIM(BOTH 'yyy' FROM 'yyy The quick brown fox yyy')", " The quick brown fox ", "VARCHAR(27) NOT NULL"],
  [STRINGS, "SELECT UPPER('The quick brown fox')", "THE QUICK BROWN FOX", "CHAR(19) NOT NULL"],
  [STRINGS, "SELECT URL_DECODE('http%3A%2F%2Fconfluent.io')", "http://confluent.io", "STRING"],
  [STRINGS, "SELECT URL_ENCODE('http://confluent.io')", "http%3A%2F%2Fconfluent.io", "STRING"],
  [NUMERIC, "SELECT ABS(-23)", "23", "INT NOT NULL"],
  [NUMERIC, "SELECT ABS(23)", "23", "INT NOT NULL"],
  [NUMERIC, "SELECT ACOS(0)", "1.5707963267948966", "DOUBLE NOT NULL"],
  [NUMERIC, "SELECT ACOS(1)", "0.0", "DOUBLE NOT NULL"],
  [NUMERIC, "SELECT ASIN(0)", "0.0", "DOUBLE NOT NULL"],
  [NUMERIC, "SELECT ASIN(1)", "1.5707963267948966", "DOUBLE NOT NULL"],
  [NUMERIC, "SELECT ATAN(0)", "0.0", "DOUBLE NOT NULL"],
  [NUMERIC, "SELECT ATAN(1)", "0.7853981633974483", "DOUBLE NOT NULL"],
  [NUMERIC, "SELECT ATAN2(0, 0)", "0.0", "DOUBLE NOT NULL"],
  [NUMERIC, "SELECT ATAN2(1, 1)", "0.7853981633974483", "DOUBLE NOT NULL"],
  [NUMERIC, "SELECT BIN(4)", "100", "STRING NOT NULL"],
  [NUMERIC, "SELECT BIN(12)", "1100", "STRING NOT NULL"],
  [NUMERIC, "SELECT CEIL(23.55)", "24", "DECIMAL(3, 0) NOT NULL"],
  [NUMERIC, "SELECT CEIL(-23.55)", "-23", "DECIMAL(3, 0) NOT NULL"],
  [NUMERIC, "SELECT COS(0)", "1.0", "DOUBLE NOT NULL"],
  [NUMERIC, "SELECT COS(PI()/2)", "6.123233995736766E-17", "DOUBLE NOT NULL"],
  [NUMERIC, "SELECT COSH(0)", "1.0", "DOUBLE NOT NULL"],
  [NUMERIC, "SELECT COT(PI()/2)", "6.123233995736766E-17", "DOUBLE NOT NULL"],
  [NUMERIC, "SELECT DEGREES(PI()/2)", "90.0", "DOUBLE NOT NULL"],
  [NUMERIC, "SELECT DEGREES(PI())", "180.0", "DOUBLE NOT NULL"],
  [NUMERIC, "SELECT DEGREES(-PI()/4)", "-45.0", "DOUBLE NOT NULL"],
  [NUMERIC, "SELECT E()", "2.718281828459045", "DOUBLE NOT NULL"],
  [NUMERIC, "SELECT EXP(1)", "2.718281828459045", "DOUBLE NOT NULL"],
  [NUMERIC, "SELECT EXP(2)", "7.38905609893065", "DOUBLE NOT NULL"],
  [NUMERIC, "SELECT EXP(-1)", "0.36787944117144233", "DOUBLE NOT NULL"],
  [NUMERIC, "SELECT FLOOR(23.55)", "23", "DECIMAL(3, 0) NOT NULL"],
  [NUMERIC, "SELECT FLOOR(-23.55)", "-24", "DECIMAL(3, 0) NOT NULL"],
  [NUMERIC, "SELECT HEX(20)", "14", "STRING NOT NULL"],
  [NUMERIC, "SELECT HEX(100)", "64", "STRING NOT NULL"],
  [NUMERIC, "SELECT HEX('hello,world')", "68656C6C6F2C776F726C64", "STRING NOT NULL"],
  [NUMERIC, "SELECT LN(E())", "1.0", "DOUBLE NOT NULL"],
  [NUMERIC, "SELECT LN(1)", "0.0", "DOUBLE NOT NULL"],
  [NUMERIC, "SELECT LOG(10, 10)", "1.0", "DOUBLE NOT NULL"],
  [NUMERIC, "SELECT LOG(2, 256)", "8.0", "DOUBLE NOT NULL"],
  [NUMERIC, "SELECT LOG(E())", "1.0", "DOUBLE NOT NULL"],
  [NUMERIC, "SELECT LOG10(10)", "1.0", "DOUBLE NOT NULL"],
  [NUMERIC, "SELECT LOG10(1000)", "3.0", "DOUBLE NOT NULL"],
  [NUMERIC, "SELECT LOG2(2)", "1.0", "DOUBLE NOT NULL"],
  [NUMERIC, "SELECT LOG2(1024)", "10.0", "DOUBLE NOT NULL"],
  [NUMERIC, "SELECT PERCENTILE(col, ARRAY[0.25, 0.75]) FROM (VALUES (0), (10)) AS t(col)", ["2.5","7.5"], "ARRAY<DOUBLE>"],
  [NUMERIC, "SELECT PERCENTILE(age, 0.5) FROM (VALUES 0, 50, 100) AS t(age)", "50.0", "DOUBLE"],
  [NUMERIC, "SELECT PI()", "3.141592653589793", "DOUBLE NOT NULL"],
  [NUMERIC, "SELECT COS(PI())", "-1.0", "DOUBLE NOT NULL"],
  [NUMERIC, "SELECT POWER(10, 3)", "1000.0", "DOUBLE NOT NULL"],
  [NUMERIC, "SELECT POWER(2, 8)", "256.0", "DOUBLE NOT NULL"],
  [NUMERIC, "SELECT POWER(500, 0)", "1.0", "DOUBLE NOT NULL"],
  [NUMERIC, "SELECT RADIANS(180)", "3.141592653589793", "DOUBLE NOT NULL"],
  [NUMERIC, "SELECT RADIANS(45)", "0.7853981633974483", "DOUBLE NOT NULL"],
  [NUMERIC, "SELECT RAND(23)", "0.7321323355141605", "DOUBLE NOT NULL"],
  [NUMERIC, "SELECT RAND(42)", "0.7275636800328681", "DOUBLE NOT NULL"],
  [NUMERIC, "SELECT RAND_INTEGER(23, 1000)", "227", "INT NOT NULL"],
  [NUMERIC, "SELECT RAND_INTEGER(42, 10000)", "1130", "INT NOT NULL"],
  [NUMERIC, "SELECT ROUND(23.58, 1)", "23.6", "DECIMAL(4, 1) NOT NULL"],
  [NUMERIC, "SELECT ROUND(PI(), 4)", "3.1416", "DOUBLE NOT NULL"],
  [NUMERIC, "SELECT SIGN(-23.55)", "-1.00", "DECIMAL(4, 2) NOT NULL"],
  [NUMERIC, "SELECT SIGN(606.808)", "1.000", "DECIMAL(6, 3) NOT NULL"],
  [NUMERIC, "SELECT SIN(PI()/2)", "1.0", "DOUBLE NOT NULL"],
  [NUMERIC, "SELECT SIN(-PI()/2)", "-1.0", "DOUBLE NOT NULL"],
  [NUMERIC, "SELECT SINH(0)", "0.0", "DOUBLE NOT NULL"],
  [NUMERIC, "SELECT SQRT(64)", "8.0", "DOUBLE NOT NULL"],
  [NUMERIC, "SELECT SQRT(100)", "10.0", "DOUBLE NOT NULL"],
  [NUMERIC, "SELECT SQRT(144)", "12.0", "DOUBLE NOT NULL"],
  [NUMERIC, "SELECT TAN(0)", "0.0", "DOUBLE NOT NULL"],
  [NUMERIC, "SELECT TAN(PI()/4)", "0.9999999999999999", "DOUBLE NOT NULL"],
  [NUMERIC, "SELECT TANH(0)", "0.0", "DOUBLE NOT NULL"],
  [NUMERIC, "SELECT TANH(5)", "0.9999092042625951", "DOUBLE NOT NULL"],
  [NUMERIC, "SELECT TRUNCATE(42.324, 2)", "42.32", "DECIMAL(5, 2) NOT NULL"],
  [NUMERIC, "SELECT TRUNCATE(42.324, -1)", "40", "DECIMAL(3, 0) NOT NULL"],
  [NUMERIC, "SELECT DECODE(UNHEX('466C696E6B') , 'UTF-8')", "Flink", "STRING"],
  [NUMERIC, "SELECT UNHEX('ZZ')", null, "BYTES"],
  [COLLECTIONS, "SELECT ARRAY['Java', 'SQL'][1]", "Java", "VARCHAR(4)"],
  [COLLECTIONS, "SELECT ARRAY_APPEND(ARRAY['SQL', 'Java'], 'C#')", ["SQL","Java","C#"], "ARRAY<VARCHAR(4) NOT NULL> NOT NULL"],
  [COLLECTIONS, "SELECT ARRAY_CONCAT(ARRAY['SQL', 'Java'], ARRAY['Python'], ARRAY['Python', 'Rust', 'Haskell', 'C#'])", ["SQL","Java","Python","Python","Rust","Haskell","C#"], "ARRAY<VARCHAR(7) NOT NULL> NOT NULL"],
  [COLLECTIONS, "SELECT ARRAY_CONTAINS(ARRAY['Java', 'SQL'], 'SQL')", "TRUE", "BOOLEAN NOT NULL"],
  [COLLECTIONS, "SELECT ARRAY_DISTINCT(ARRAY['SQL', 'Java', 'SQL', 'Python', 'SQL'])", ["SQL","Java","Python"], "ARRAY<VARCHAR(6) NOT NULL> NOT NULL"],
  [COLLECTIONS, "SELECT ARRAY_EXCEPT(ARRAY['SQL', 'Java', 'Python', 'Rust'], ARRAY['Python', 'Rust', 'Haskell', 'C#'])", ["SQL","Java"], "ARRAY<VARCHAR(7) NOT NULL> NOT NULL"],
  [COLLECTIONS, "SELECT ARRAY_INTERSECT(ARRAY['SQL', 'Java', 'Python', 'Rust'], ARRAY['Python', 'Rust', 'Haskell', 'C#'])", ["Python","Rust"], "ARRAY<VARCHAR(7) NOT NULL> NOT NULL"],
  [COLLECTIONS, "SELECT ARRAY_JOIN(ARRAY['Java', 'SQL', 'Python', NULL], ', ', 'not specified')", "Java, SQL, Python, not specified", "STRING"],
  [COLLECTIONS, "SELECT ARRAY_MAX(ARRAY[1, 2, 3, 4])", "4", "INT"],
  [COLLECTIONS, "SELECT ARRAY_MIN(ARRAY[1, 2, 3, 4])", "1", "INT"],
  [COLLECTIONS, "SELECT ARRAY_POSITION(ARRAY['Java', 'SQL', 'Python'], 'SQL')", "2", "INT NOT NULL"],
  [COLLECTIONS, "SELECT ARRAY_PREPEND(ARRAY['Java', 'Python'], 'SQL')", ["SQL","Java","Python"], "ARRAY<VARCHAR(6) NOT NULL> NOT NULL"],
  [COLLECTIONS, "SELECT ARRAY_REMOVE(ARRAY['Java', 'SQL', 'Python'], 'SQL')", ["Java","Python"], "ARRAY<VARCHAR(6) NOT NULL> NOT NULL"],
  [COLLECTIONS, "SELECT ARRAY_REVERSE(ARRAY['Java', 'SQL', 'Python'])", ["Python","SQL","Java"], "ARRAY<VARCHAR(6) NOT NULL> NOT NULL"],
  [COLLECTIONS, "SELECT ARRAY_SLICE(ARRAY['Java', 'SQL', 'Python', 'C#', 'JavaScript', 'Go'], 2, 5)", ["SQL","Python","C#","JavaScript"], "ARRAY<VARCHAR(10) NOT NULL> NOT NULL"],
  [COLLECTIONS, "SELECT ARRAY_SORT(ARRAY[5,4,3,2,1])", ["1","2","3","4","5"], "ARRAY<INT NOT NULL> NOT NULL"],
  [COLLECTIONS, "SELECT ARRAY_SORT(ARRAY['Java', 'SQL', 'Python', NULL, 'Go', 'C#'], FALSE, TRUE)", [null,"SQL","Python","Java","Go","C#"], "ARRAY<VARCHAR(6)> NOT NULL"],
  [COLLECTIONS, "SELECT ARRAY_UNION(ARRAY['Java', 'SQL', 'Python'], ARRAY['C#', 'SQL', 'Go'])", ["Java","SQL","Python","C#","Go"], "ARRAY<VARCHAR(6) NOT NULL> NOT NULL"],
  [COLLECTIONS, "SELECT CARDINALITY(ARRAY['Java', 'SQL', 'Python', 'Rust', 'C++'])", "5", "INT NOT NULL"],
  [COLLECTIONS, "SELECT CARDINALITY(MAP['Java', 5, 'SQL', 4, 'Python', 3])", "3", "INT NOT NULL"],
  [COLLECTIONS, "SELECT ELEMENT(ARRAY['Java'])", "Java", "CHAR(4)"],
  [COLLECTIONS, "SELECT (1, 'SQL')", ["1","SQL"], "ROW<`EXPR$0` INT NOT NULL, `EXPR$1` CHAR(3) NOT NULL> NOT NULL"],
  [COLLECTIONS, "SELECT MAP['Java', 5, 'SQL', 4, 'Python', 3]['SQL']", "4", "INT"],
  [COLLECTIONS, "SELECT MAP_FROM_ARRAYS(ARRAY['key1', 'key2', 'key3'], ARRAY['Python', 'SQL', 'Java'])", [["key1","Python"],["key2","SQL"],["key3","Java"]], "MAP<CHAR(4) NOT NULL, VARCHAR(6) NOT NULL> NOT NULL"],
  [DATETIME, "SELECT CEIL(TIME '12:44:31' TO MINUTE)", "12:45:00", "TIME(0) NOT NULL"],
  [DATETIME, "SELECT CONVERT_TZ('1970-01-01 00:00:00', 'UTC', 'America/Los_Angeles')", "1969-12-31 16:00:00", "STRING NOT NULL"],
  [DATETIME, "SELECT DATE_FORMAT('2023-03-15 17:32:01.009', 'K:mm a, z')", "5:32 PM, UTC", "STRING NOT NULL"],
  [DATETIME, "SELECT DATE '2023-05-23'", "2023-05-23", "DATE NOT NULL"],
  [DATETIME, "SELECT DAYOFMONTH(DATE '1994-09-27')", "27", "BIGINT NOT NULL"],
  [DATETIME, "SELECT DAYOFWEEK(DATE '1994-09-27')", "3", "BIGINT NOT NULL"],
  [DATETIME, "SELECT DAYOFYEAR(DATE '1994-09-27')", "270", "BIGINT NOT NULL"],
  [DATETIME, "SELECT EXTRACT(DAY FROM DATE '2006-06-05')", "5", "BIGINT NOT NULL"],
  [DATETIME, "SELECT FLOOR(TIME '12:44:31' TO MINUTE)", "12:44:00", "TIME(0) NOT NULL"],
  [DATETIME, "SELECT FROM_UNIXTIME(44)", "1970-01-01 00:00:44", "STRING NOT NULL"],
  [DATETIME, "SELECT FROM_UNIXTIME(44)", "1970-01-01 09:00:44", "STRING NOT NULL", "Asia/Tokyo"],
  [DATETIME, "SELECT HOUR(TIMESTAMP '1994-09-27 13:14:15')", "13", "BIGINT NOT NULL"],
  [DATETIME, "SELECT INTERVAL '10 00:00:00.004' DAY TO SECOND", "+10 00:00:00.004", "INTERVAL SECOND(3) NOT NULL"],
  [DATETIME, "SELECT INTERVAL '10' DAY", "+10 00:00:00.000", "INTERVAL SECOND(3) NOT NULL"],
  [DATETIME, "SELECT INTERVAL '2-10' YEAR TO MONTH", "+2-10", "INTERVAL MONTH NOT NULL"],
  [DATETIME, "SELECT MINUTE(TIMESTAMP '1994-09-27 13:14:15')", "14", "BIGINT NOT NULL"],
  [DATETIME, "SELECT MONTH(DATE '1994-09-27')", "9", "BIGINT NOT NULL"],
  [DATETIME, "SELECT (TIME '2:55:00', INTERVAL '1' HOUR) OVERLAPS (TIME '3:30:00', INTERVAL '2' HOUR)", "TRUE", "BOOLEAN NOT NULL"],
  [DATETIME, "SELECT (TIME '9:00:00', TIME '10:00:00') OVERLAPS (TIME '10:15:00', INTERVAL '3' HOUR)", "FALSE", "BOOLEAN NOT NULL"],
  [DATETIME, "SELECT QUARTER(DATE '1994-09-27')", "3", "BIGINT NOT NULL"],
  [DATETIME, "SELECT SECOND(TIMESTAMP '1994-09-27 13:14:15')", "15", "BIGINT NOT NULL"],
  [DATETIME, "SELECT TIME '23:42:55'", "23:42:55", "TIME(0) NOT NULL"],
  [DATETIME, "SELECT TIMESTAMP '2023-05-04 23:42:55'", "2023-05-04 23:42:55", "TIMESTAMP(0) NOT NULL"],
  [DATETIME, "SELECT TO_DATE('2023-05-04')", "2023-05-04", "DATE"],
  [DATETIME, "SELECT TO_TIMESTAMP('2023-05-04 23:42:55', 'yyyy-mm-dd hh:mm:ss')", "2023-05-04 23:42:55.000", "TIMESTAMP(3)"],
  [DATETIME, "SELECT TO_TIMESTAMP_LTZ(1000, 0)", "1970-01-01 00:16:40.000", "TIMESTAMP_LTZ(3)"],
  [DATETIME, "SELECT TO_TIMESTAMP_LTZ(1000, 3)", "1970-01-01 00:00:01.000", "TIMESTAMP_LTZ(3)"],
  [DATETIME, "SELECT TO_TIMESTAMP_LTZ('2023-05-04 12:00:00', 'yyyy-MM-dd HH:mm:ss', 'America/Los_Angeles')", "2023-05-04 19:00:00.000", "TIMESTAMP_LTZ(3)"],
  [DATETIME, "SELECT TIMESTAMPADD(DAY, 1, DATE '1999-12-31')", "2000-01-01", "DATE NOT NULL"],
  [DATETIME, "SELECT TIMESTAMPADD(HOUR, 2, TIMESTAMP '1999-12-31 23:00:00')", "2000-01-01 01:00:00", "TIMESTAMP(0) NOT NULL"],
  [DATETIME, "SELECT TIMESTAMPDIFF(DAY, DATE '2000-01-01', DATE '1999-12-31')", "-1", "INT NOT NULL"],
  [DATETIME, "SELECT TIMESTAMPDIFF(HOUR, TIMESTAMP '2000-01-01 01:00:00', TIMESTAMP '1999-12-31 23:00:00')", "-2", "INT NOT NULL"],
  [DATETIME, "SELECT UNIX_TIMESTAMP('2023-05-04 12:00:00')", "1683201600", "BIGINT NOT NULL"],
  [DATETIME, "SELECT UNIX_TIMESTAMP('1970-01-01 08:00:01.001', 'yyyy-MM-dd HH:mm:ss.SSS')", "25201", "BIGINT NOT NULL", "Europe/Berlin"],
  [DATETIME, "SELECT UNIX_TIMESTAMP('1970-01-01 08:00:01.001 +0800', 'yyyy-MM-dd HH:mm:ss.SSS X')", "1", "BIGINT NOT NULL", "Europe/Berlin"],
  [DATETIME, "SELECT UNIX_TIMESTAMP('1970-01-01 08:00:01.001 +0800', 'yyyy-MM-dd HH:mm:ss.SSS')", "25201", "BIGINT NOT NULL", "Europe/Berlin"],
  [DATETIME, "SELECT UNIX_TIMESTAMP('1970-01-01 08:00:01.001', 'yyyy-MM-dd HH:mm:ss.SSS X')", "-9223372036854775808", "BIGINT NOT NULL", "Europe/Berlin"],
  [DATETIME, "SELECT WEEK(DATE '1994-09-27')", "39", "BIGINT NOT NULL"],
  [DATETIME, "SELECT YEAR(DATE '1994-09-27')", "1994", "BIGINT NOT NULL"],
  [JSON_FNS, "SELECT '1' IS JSON", "TRUE", "BOOLEAN NOT NULL"],
  [JSON_FNS, "SELECT '[]' IS JSON", "TRUE", "BOOLEAN NOT NULL"],
  [JSON_FNS, "SELECT '{}' IS JSON", "TRUE", "BOOLEAN NOT NULL"],
  [JSON_FNS, "SELECT '\"abc\"' IS JSON", "TRUE", "BOOLEAN NOT NULL"],
  [JSON_FNS, "SELECT '1' IS JSON SCALAR", "TRUE", "BOOLEAN NOT NULL"],
  [JSON_FNS, "SELECT '{}' IS JSON OBJECT", "TRUE", "BOOLEAN NOT NULL"],
  [JSON_FNS, "SELECT 'abc' IS JSON", "FALSE", "BOOLEAN NOT NULL"],
  [JSON_FNS, "SELECT '1' IS JSON ARRAY", "FALSE", "BOOLEAN NOT NULL"],
  [JSON_FNS, "SELECT '1' IS JSON OBJECT", "FALSE", "BOOLEAN NOT NULL"],
  [JSON_FNS, "SELECT '{}' IS JSON SCALAR", "FALSE", "BOOLEAN NOT NULL"],
  [JSON_FNS, "SELECT '{}' IS JSON ARRAY", "FALSE", "BOOLEAN NOT NULL"],
  [JSON_FNS, "SELECT JSON_ARRAY()", "[]", "STRING NOT NULL"],
  [JSON_FNS, "SELECT JSON_ARRAY(1, '2')", "[1,\"2\"]", "STRING NOT NULL"],
  [JSON_FNS, "SELECT JSON_ARRAY(CAST(NULL AS STRING) NULL ON NULL)", "[null]", "STRING NOT NULL"],
  [JSON_FNS, "SELECT JSON_ARRAY(CAST(NULL AS STRING) ABSENT ON NULL)", "[]", "STRING NOT NULL"],
  [JSON_FNS, "SELECT JSON_ARRAY(JSON_ARRAY(1))", "[[1]]", "STRING NOT NULL"],
  [JSON_FNS, "SELECT JSON_ARRAY(JSON('{\"nested_json\": {\"value\": 42}}'))", "[{\"nested_json\":{\"value\":42}}]", "STRING NOT NULL"],
  [JSON_FNS, "SELECT JSON_ARRAYAGG(product) FROM (VALUES ('Apple'), ('Banana'), ('Orange')) AS orders(product)", "[\"Apple\",\"Banana\",\"Orange\"]", "VARCHAR(2000) NOT NULL"],
  [JSON_FNS, "SELECT JSON_EXISTS('{\"a\": true}', '$.a')", "TRUE", "BOOLEAN NOT NULL"],
  [JSON_FNS, "SELECT JSON_EXISTS('{\"a\": [{ \"b\": 1 }]}', '$.a[0].b')", "TRUE", "BOOLEAN NOT NULL"],
  [JSON_FNS, "SELECT JSON_EXISTS('{\"a\": true}', 'strict $.b' TRUE ON ERROR)", "TRUE", "BOOLEAN"],
  [JSON_FNS, "SELECT JSON_EXISTS('{\"a\": true}', '$.b')", "FALSE", "BOOLEAN NOT NULL"],
  [JSON_FNS, "SELECT JSON_EXISTS('{\"a\": true}', 'strict $.b' FALSE ON ERROR)", "FALSE", "BOOLEAN"],
  [JSON_FNS, "SELECT JSON_OBJECT()", "{}", "STRING NOT NULL"],
  [JSON_FNS, "SELECT JSON_OBJECT('K1' VALUE 'V1', 'K2' VALUE 'V2')", "{\"K1\":\"V1\",\"K2\":\"V2\"}", "STRING NOT NULL"],
  [JSON_FNS, "SELECT JSON_OBJECT(KEY 'K1' VALUE CAST(NULL AS STRING) NULL ON NULL)", "{\"K1\":null}", "STRING NOT NULL"],
  [JSON_FNS, "SELECT JSON_OBJECT(KEY 'K1' VALUE CAST(NULL AS STRING) ABSENT ON NULL)", "{}", "STRING NOT NULL"],
  [JSON_FNS, "SELECT JSON_OBJECT('K1' VALUE JSON('{\"nested_json\": {\"value\": 42}}'))", "{\"K1\":{\"nested_json\":{\"value\":42}}}", "STRING NOT NULL"],
  [JSON_FNS, "SELECT JSON_OBJECT(KEY 'K1' VALUE JSON_OBJECT(KEY 'K2' VALUE 'V'))", "{\"K1\":{\"K2\":\"V\"}}", "STRING NOT NULL"],
  [JSON_FNS, "SELECT JSON_OBJECTAGG(KEY product VALUE cnt) FROM (VALUES ('Apple', 2), ('Banana', 17), ('Orange', 0)) AS orders(product, cnt)", "{\"Apple\":2,\"Banana\":17,\"Orange\":0}", "VARCHAR(2000) NOT NULL"],
  [JSON_FNS, "SELECT JSON_QUERY('{ \"a\": { \"b\": 1 } }', '$.a')", "{\"b\":1}", "STRING"],
  [JSON_FNS, "SELECT JSON_QUERY('[1, 2]', '$')", "[1,2]", "STRING"],
  [JSON_FNS, "SELECT JSON_QUERY(CAST(NULL AS STRING), '$')", null, "STRING"],
  [JSON_FNS, "SELECT JSON_QUERY('{\"a\":[{\"c\":\"c1\"},{\"c\":\"c2\"}]}', 'lax $.a[*].c' RETURNING ARRAY<STRING>)", ["c1","c2"], "ARRAY<STRING>"],
  [JSON_FNS, "SELECT JSON_QUERY('{}', '$' WITH CONDITIONAL ARRAY WRAPPER)", "[{}]", "STRING"],
  [JSON_FNS, "SELECT JSON_QUERY('[1, 2]', '$' WITH CONDITIONAL ARRAY WRAPPER)", "[1,2]", "STRING"],
  [JSON_FNS, "SELECT JSON_QUERY('[1, 2]', '$' WITH UNCONDITIONAL ARRAY WRAPPER)", "[[1,2]]", "STRING"],
  [JSON_FNS, "SELECT JSON_QUERY(1, '$')", null, "STRING"],
  [JSON_FNS, "SELECT JSON_QUERY(1, '$' WITH CONDITIONAL ARRAY WRAPPER)", "[1]", "STRING"],
  [JSON_FNS, "SELECT JSON_QUERY('{}', 'lax $.invalid' EMPTY OBJECT ON EMPTY)", "{}", "STRING"],
  [JSON_FNS, "SELECT JSON_QUERY('{}', 'strict $.invalid' EMPTY ARRAY ON ERROR)", "[]", "STRING"],
  [JSON_FNS, "SELECT JSON_QUOTE('SQL string')", "\"SQL string\"", "STRING NOT NULL"],
  [JSON_FNS, "SELECT JSON_STRING(CAST(NULL AS INT))", null, "STRING"],
  [JSON_FNS, "SELECT JSON_STRING(1)", "1", "STRING NOT NULL"],
  [JSON_FNS, "SELECT JSON_STRING(TRUE)", "true", "STRING NOT NULL"],
  [JSON_FNS, "SELECT JSON_STRING('Hello, World!')", "\"Hello, World!\"", "STRING NOT NULL"],
  [JSON_FNS, "SELECT JSON_STRING(ARRAY[1, 2])", "[1,2]", "STRING NOT NULL"],
  [JSON_FNS, "SELECT JSON_UNQUOTE('SQL string')", "SQL string", "STRING NOT NULL"],
  [JSON_FNS, "SELECT JSON_VALUE('{\"a\": true}', '$.a')", "true", "STRING"],
  [JSON_FNS, "SELECT JSON_VALUE('{\"a\": true}', '$.a' RETURNING BOOLEAN)", "TRUE", "BOOLEAN"],
  [JSON_FNS, "SELECT JSON_VALUE('{\"a\": true}', 'lax $.b' DEFAULT FALSE ON EMPTY)", "false", "STRING"],
  [JSON_FNS, "SELECT JSON_VALUE('{\"a\": true}', 'strict $.b' DEFAULT FALSE ON ERROR)", "false", "STRING"],
  [JSON_FNS, "SELECT JSON_VALUE('{\"a.b\": [0.998,0.996]}','$.[\"a.b\"][0]' RETURNING DOUBLE)", "0.998", "DOUBLE"],
  [JSON_FNS, "SELECT JSON_VALUE('{\"contains blank\": \"right\"}', 'strict $.[''contains blank'']' NULL ON EMPTY DEFAULT 'wrong' ON ERROR)", "right", "STRING"],
  [JSON_FNS, "SELECT JSON_VALUE('{\"a b\": \"true\"}', '$.[''a b'']')", "true", "STRING"],
  [CONDITIONAL, "SELECT COALESCE(NULL, 'default')", "default", "CHAR(7) NOT NULL"],
  [CONDITIONAL, "SELECT GREATEST(1, 2, 3, 4)", "4", "INT NOT NULL"],
  [CONDITIONAL, "SELECT GREATEST('a', 'b', 'c', 'd')", "d", "CHAR(1) NOT NULL"],
  [CONDITIONAL, "SELECT IF(5 > 3, 5, 3)", "5", "INT NOT NULL"],
  [CONDITIONAL, "SELECT IS_ALPHA('42')", "FALSE", "BOOLEAN NOT NULL"],
  [CONDITIONAL, "SELECT IS_ALPHA('string')", "TRUE", "BOOLEAN NOT NULL"],
  [CONDITIONAL, "SELECT IS_DECIMAL('23')", "TRUE", "BOOLEAN NOT NULL"],
  [CONDITIONAL, "SELECT IS_DECIMAL('not a number')", "FALSE", "BOOLEAN NOT NULL"],
  [CONDITIONAL, "SELECT IS_DIGIT('23')", "TRUE", "BOOLEAN NOT NULL"],
  [CONDITIONAL, "SELECT IS_DIGIT('2 not a digit 3')", "FALSE", "BOOLEAN NOT NULL"],
  [CONDITIONAL, "SELECT LEAST(1, 2, 3, 4)", "1", "INT NOT NULL"],
  [CONDITIONAL, "SELECT LEAST('a', 'b', 'c', 'd')", "a", "CHAR(1) NOT NULL"],
  [CONDITIONAL, "SELECT NULLIF(5, 5)", null, "INT"],
  [CONDITIONAL, "SELECT NULLIF(5, 0)", "5", "INT"],
  [AGGREGATES, "SELECT AVG(my_values) FROM (VALUES (0.0), (1.0), (2.0), (3.0)) AS t(my_values)", "1.500000", "DECIMAL(38, 6)"],
  [AGGREGATES, "SELECT COUNT(my_values) FROM (VALUES (0), (1), (2), (3)) AS t(my_values)", "4", "BIGINT NOT NULL"],
  [AGGREGATES, "SELECT FIRST_VALUE(my_values) FROM (VALUES ('first'), ('second'), ('third')) AS t(my_values)", "first", "VARCHAR(6)"],
  [AGGREGATES, "SELECT LAST_VALUE(my_values) FROM (VALUES ('first'), ('second'), ('third')) AS t(my_values)", "third", "VARCHAR(6)"],
  [AGGREGATES, "SELECT LISTAGG(my_values) FROM (VALUES ('first'), ('second'), ('third')) AS t(my_values)", "first,second,third", "STRING"],
  [AGGREGATES, "SELECT MAX(my_values) FROM (VALUES (0), (1), (2), (3)) AS t(my_values)", "3", "INT"],
  [AGGREGATES, "SELECT MIN(my_values) FROM (VALUES (0), (1), (2), (3)) AS t(my_values)", "0", "INT"],
  [AGGREGATES, "SELECT STDDEV_POP(my_values) FROM (VALUES (0.5), (1.5), (2.2), (3.2)) AS t(my_values)", "0.986154", "DECIMAL(38, 6)"],
  [AGGREGATES, "SELECT STDDEV_SAMP(my_values) FROM (VALUES (0.5), (1.5), (2.2), (3.2)) AS t(my_values)", "1.138713", "DECIMAL(38, 6)"],
  [AGGREGATES, "SELECT SUM(my_values) FROM (VALUES (0), (1), (2), (3)) AS t(my_values)", "6", "INT"],
  [AGGREGATES, "SELECT VAR_POP(my_values) FROM (VALUES (0.5), (1.5), (2.2), (3.2)) AS t(my_values)", "0.972500", "DECIMAL(38, 6)"],
  [AGGREGATES, "SELECT VAR_SAMP(my_values) FROM (VALUES (0.5), (1.5), (2.2), (3.2)) AS t(my_values)", "1.296667", "DECIMAL(38, 6)"],
  [AGGREGATES, "SELECT VARIANCE(my_values) FROM (VALUES (0.5), (1.5), (2.2), (3.2)) AS t(my_values)", "1.296667", "DECIMAL(38, 6)"],
  [AGGREGATES, "SELECT NTILE(4) OVER (ORDER BY v) FROM (VALUES (1), (2), (3), (4), (5), (6)) AS t(v)", ["1","1","2","2","3","4"], "BIGINT NOT NULL"],
  [HASHES, "SELECT MD5('string-to-hash')", "99dc0ea422440e5b3f675cffe6dde641", "CHAR(32) NOT NULL"],
  [HASHES, "SELECT SHA1('string-to-hash')", "771a2b04044f8c51e3383a2675a4823eb5c67b26", "CHAR(40) NOT NULL"],
  [HASHES, "SELECT SHA2('string-to-hash', 512)", "222145560dbaa2abc1617e2c7ce6fcebd19f10c12581afe65e19ec7c207f3fbe1097038c1dcd771f15ca485d8fb6d8ab8756b626e881d87500a464ed6d2c4b66", "VARCHAR(128) NOT NULL"],
  [HASHES, "SELECT SHA224('string-to-hash')", "af1f1c988d9154f2ddb6201f60f4f9d5497b9e4cdff81de3eaa4097c", "CHAR(56) NOT NULL"],
  [HASHES, "SELECT SHA256('string-to-hash')", "2267d414e45335fd02e64057d55ad4010d783ba2e839c72843f09fecddae1f5b", "CHAR(64) NOT NULL"],
  [HASHES, "SELECT SHA384('string-to-hash')", "02ba979b23f1b4a098732463ea83460e1561e8f372b550a9334241865f6c6da66475d26f9a523f69a4b694f4fed41d4c", "CHAR(96) NOT NULL"],
  [HASHES, "SELECT SHA512('string-to-hash')", "222145560dbaa2abc1617e2c7ce6fcebd19f10c12581afe65e19ec7c207f3fbe1097038c1dcd771f15ca485d8fb6d8ab8756b626e881d87500a464ed6d2c4b66", "CHAR(128) NOT NULL"],
  [FLINK, "SELECT 1 IS DISTINCT FROM NULL", "TRUE", "BOOLEAN NOT NULL"],
  [FLINK, "SELECT NULL IS DISTINCT FROM NULL", "FALSE", "BOOLEAN NOT NULL"],
  [FLINK, "SELECT 1 IS NOT DISTINCT FROM NULL", "FALSE", "BOOLEAN NOT NULL"],
  [FLINK, "SELECT NULL IS NOT DISTINCT FROM NULL", "TRUE", "BOOLEAN NOT NULL"],
  [FLINK, "SELECT 12 BETWEEN 15 AND 12", "FALSE", "BOOLEAN NOT NULL"],
  [FLINK, "SELECT 12 BETWEEN SYMMETRIC 15 AND 12", "TRUE", "BOOLEAN NOT NULL"],
  [FLINK, "SELECT 12 BETWEEN 10 AND NULL", null, "BOOLEAN"],
  [FLINK, "SELECT 12 BETWEEN NULL AND 10", "FALSE", "BOOLEAN"],
  [FLINK, "SELECT 12 BETWEEN SYMMETRIC NULL AND 12", null, "BOOLEAN"],
  [FLINK, "SELECT 12 NOT BETWEEN 15 AND 12", "TRUE", "BOOLEAN NOT NULL"],
  [FLINK, "SELECT 12 NOT BETWEEN SYMMETRIC 15 AND 12", "FALSE", "BOOLEAN NOT NULL"],
  [FLINK, "SELECT 12 NOT BETWEEN NULL AND 15", null, "BOOLEAN"],
  [FLINK, "SELECT 12 NOT BETWEEN 15 AND NULL", "TRUE", "BOOLEAN"],
  [FLINK, "SELECT 12 NOT BETWEEN SYMMETRIC 12 AND NULL", null, "BOOLEAN"],
  [FLINK, "SELECT 4 IN (1, 2, 3)", "FALSE", "BOOLEAN NOT NULL"],
  [FLINK, "SELECT 1 IN (1, 2, NULL)", "TRUE", "BOOLEAN"],
  [FLINK, "SELECT 4 IN (1, 2, NULL)", null, "BOOLEAN"],
  [FLINK, "SELECT 4 NOT IN (1, 2, 3)", "TRUE", "BOOLEAN NOT NULL"],
  [FLINK, "SELECT 1 NOT IN (1, 2, NULL)", "FALSE", "BOOLEAN"],
  [FLINK, "SELECT 4 NOT IN (1, 2, NULL)", null, "BOOLEAN"],
  [FLINK, "SELECT TRUE OR CAST(NULL AS BOOLEAN)", "TRUE", "BOOLEAN"],
  [FLINK, "SELECT TRUE AND CAST(NULL AS BOOLEAN)", null, "BOOLEAN"],
  [FLINK, "SELECT CONCAT_WS('~', 'AA', CAST(NULL AS STRING), 'BB', '', 'CC')", "AA~BB~~CC", "STRING NOT NULL"],
  [FLINK, "SELECT REPEAT('This is a test String.', 2)", "This is a test String.This is a test String.", "STRING NOT NULL"],
  [FLINK, "SELECT PARSE_URL('http://facebook.com/path1/p.php?k1=v1&k2=v2#Ref1', 'HOST')", "facebook.com", "STRING"],
  [FLINK, "SELECT REGEXP_EXTRACT_ALL('100-200, 300-400', '(\\d+)-(\\d+)', 1)", ["100","300"], "ARRAY<STRING>"],
  [FLINK, "SELECT REGEXP_SUBSTR('Steven Jones and Stephen Smith are the best players', 'Ste(v|ph)en')", "Steven", "STRING"],
  [FLINK, "SELECT REGEXP_SUBSTR('Mary had a little lamb', 'Ste(v|ph)en')", null, "STRING"],
  [FLINK, "SELECT TRUNCATE(42.324, 2)", "42.32", "DECIMAL(5, 2) NOT NULL"],
  [FLINK, "SELECT PERCENTILE(age, 0.25) FROM (VALUES (10), (20), (30), (40)) AS t(age)", "17.5", "DOUBLE"],
  [FLINK, "SELECT IFNULL(CAST(NULL AS INT), 5)", "5", "INT NOT NULL"],
  [FLINK, "SELECT CAST('42' AS INT)", "42", "INT NOT NULL"],
  [FLINK, "SELECT CAST(NULL AS STRING)", null, "STRING"],
  [FLINK, "SELECT TRY_CAST('42' AS INT)", "42", "INT"],
  [FLINK, "SELECT TRY_CAST('non-number' AS INT)", null, "INT"],
  [FLINK, "SELECT COALESCE(TRY_CAST('non-number' AS INT), 0)", "0", "INT NOT NULL"],
  [FLINK, "SELECT NULL IS JSON", "FALSE", "BOOLEAN NOT NULL"],
  [FLINK, "SELECT JSON_QUERY('{\"a\":[{\"c\":\"c1\"},{\"c\":\"c2\"}]}', 'lax $.a[*].c')", "[\"c1\",\"c2\"]", "STRING"],
  [FLINK, "SELECT JSON_OBJECT('K' VALUE JSON('{\"K2\": 42}'))", "{\"K\":{\"K2\":42}}", "STRING NOT NULL"],
  [FLINK, "SELECT JSON_OBJECT('K' VALUE JSON('{\"K2\":{\"K3\":42}}'))", "{\"K\":{\"K2\":{\"K3\":42}}}", "STRING NOT NULL"],
  [FLINK, "SELECT JSON_OBJECT('K' VALUE JSON(''))", "{\"K\":null}", "STRING NOT NULL"],
  [FLINK, "SELECT JSON_ARRAY(JSON('{\"K2\": 42}'))", "[{\"K2\":42}]", "STRING NOT NULL"],
  [FLINK, "SELECT JSON_ARRAY(JSON('{\"K\":{\"K1\":42}}'), JSON('{\"K\":{\"K1\":87}}'))", "[{\"K\":{\"K1\":42}},{\"K\":{\"K1\":87}}]", "STRING NOT NULL"],
  [FLINK, "SELECT JSON_ARRAY(JSON('') NULL ON NULL)", "[null]", "STRING NOT NULL"],
];

describe("documented function examples (engine)", () => {
  const h = new Harness();
  for (const [page, sql, value, type, zone] of EXAMPLES) {
    test(`${sql}${zone ? ` [${zone}]` : ""} (${page.slice(page.lastIndexOf("/", page.length - 2) + 1)})`, () => {
      const props: Record<string, string> = { "sql.snapshot.mode": "now", ...(zone ? { "sql.local-time-zone": zone } : {}) };
      const types = h.compile(sql, props).traits.schema!.map((c) => formatType(c.type));
      const rows = h.run(sql, props).sink.rows.map((r) => r.row);
      expect(types).toEqual([type]);
      expect(rows.length === 1 ? rows[0]![0] : rows.map((r) => r[0])).toEqual(value);
    });
  }
  test("at least 150 examples", () => {
    expect(EXAMPLES.length).toBeGreaterThanOrEqual(150);
  });
});

describe("behaviour behind the examples (engine)", () => {
  const h = new Harness();
  const one = (sql: string, zone?: string): unknown[] =>
    h.run(sql, { "sql.snapshot.mode": "now", ...(zone ? { "sql.local-time-zone": zone } : {}) }).sink.rows.map((r) => r.row[0]);
  const failure = (sql: string): string => {
    try {
      h.snapshot(sql);
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error(`expected ${sql} to fail`);
  };

  test("RAND(seed) / RAND_INTEGER(seed, bound) continue java.util.Random(seed) from row to row", () => {
    expect(one("SELECT RAND(42) FROM (VALUES 1, 2, 3) AS t(x)")).toEqual(["0.7275636800328681", "0.6832234717598454", "0.30871945533265976"]);
    expect(one("SELECT RAND_INTEGER(42, 10) FROM (VALUES 1, 2, 3) AS t(x)")).toEqual(["0", "3", "8"]);
    expect(failure("SELECT RAND_INTEGER(1, 0)")).toContain("bound must be positive");
  });

  test("DATE_FORMAT zone letters: UTC for TIMESTAMP / STRING, the session zone for TIMESTAMP_LTZ", () => {
    expect(one("SELECT DATE_FORMAT(TIMESTAMP '2023-03-15 17:32:01', 'HH:mm z Z X')", "America/Los_Angeles")).toEqual(["17:32 UTC +0000 Z"]);
    const ltz = "SELECT DATE_FORMAT(TO_TIMESTAMP_LTZ(1678901521009, 3), 'yyyy-MM-dd HH:mm z Z XXX')";
    expect(one(ltz, "America/Los_Angeles")).toEqual(["2023-03-15 10:32 PDT -0700 -07:00"]);
    expect(one(ltz, "UTC")).toEqual(["2023-03-15 17:32 UTC +0000 Z"]);
    expect(one(ltz, "+08:00")).toEqual(["2023-03-16 01:32 GMT+08:00 +0800 +08:00"]);
  });

  test("TO_TIMESTAMP falls back to Timestamp.valueOf / Date.valueOf when the pattern does not parse", () => {
    expect(one("SELECT TO_TIMESTAMP('2023-05-04', 'yyyy-MM-dd HH')")).toEqual(["2023-05-04 00:00:00.000"]);
    expect(one("SELECT TO_TIMESTAMP('2023-05-04 10:11:12', 'yyyy-MM-dd hh:mm:ss a')")).toEqual(["2023-05-04 10:11:12.000"]);
    expect(one("SELECT TO_TIMESTAMP('garbage', 'yyyy')")).toEqual([null]);
  });

  test("UNIX_TIMESTAMP ignores text after the pattern (SimpleDateFormat.parse)", () => {
    expect(one("SELECT UNIX_TIMESTAMP('2023-05-04 12:00:00 and more')")).toEqual(["1683201600"]);
    expect(one("SELECT UNIX_TIMESTAMP('2023-05-04 12:00', 'yyyy-MM-dd HH:mm:ss')")).toEqual(["-9223372036854775808"]);
  });

  test("JSON(value) only inside JSON_OBJECT / JSON_ARRAY; invalid JSON text fails; SHOW FUNCTIONS lists it", () => {
    expect(failure(`SELECT JSON('{"value": 42}')`)).toContain("The JSON() function is currently only supported inside a JSON_OBJECT() function.");
    expect(failure(`SELECT JSON_OBJECT('K' VALUE JSON('{"K2": 42'))`)).toContain("Invalid JSON");
    expect(one(`SELECT JSON_OBJECT('K' VALUE JSON(CAST(NULL AS STRING)) ABSENT ON NULL)`)).toEqual(["{}"]);
    expect(one(`SELECT JSON_ARRAY(JSON('[1, "a b",  2.50]'))`)).toEqual([`[[1,"a b",2.50]]`]);
    const names = h.run("SHOW FUNCTIONS").sink.rows.map((r) => r.row[0]);
    expect(names).toContain("JSON");
    expect(names).not.toContain("JSON RAW");
  });
});

describe("documented examples through the client (connect + createEmulator)", () => {
  const db = sharedConnection();

  test("JSON(), RAND(seed), DATE_FORMAT z, TO_TIMESTAMP fallback and UNIX_TIMESTAMP", async () => {
    const { rows, columns } = await db.conn.query(
      `SELECT JSON_OBJECT('K1' VALUE JSON('{"nested_json": {"value": 42}}')) AS j, RAND(42) AS r, RAND_INTEGER(23, 1000) AS ri, ` +
        `DATE_FORMAT('2023-03-15 17:32:01.009', 'K:mm a, z') AS f, TO_TIMESTAMP('2023-05-04 23:42:55', 'yyyy-mm-dd hh:mm:ss') AS ts, ` +
        `UNIX_TIMESTAMP('1970-01-01 08:00:01.001 +0800', 'yyyy-MM-dd HH:mm:ss.SSS') AS u`,
    );
    expect(columns.map((c) => c.typeName)).toEqual(["STRING NOT NULL", "DOUBLE NOT NULL", "INT NOT NULL", "STRING NOT NULL", "TIMESTAMP(3)", "BIGINT NOT NULL"]);
    expect(rows).toHaveLength(1);
    const row = rows[0] as Record<string, unknown>;
    expect(row.j).toBe('{"K1":{"nested_json":{"value":42}}}');
    expect(row.r).toBe(0.7275636800328681);
    expect(row.ri).toBe(227);
    expect(row.f).toBe("5:32 PM, UTC");
    expect(row.u).toBe(28801);
    expect(String(row.ts)).toContain("2023-05-04");
  });
});
