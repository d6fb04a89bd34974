/**
 * MD5 / SHA1 / SHA224 / SHA256 / SHA2 (Apache Flink docs, String Functions: lower-case hex of
 * the digest of the string's UTF-8 bytes). Expected digests are the standard test vectors
 * (RFC 1321 for MD5, FIPS 180 examples for SHA-1/SHA-2).
 */
import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { T, call, int, nul, str, typeOf } from "./support.ts";

describe("hash functions", () => {
  test("MD5 (RFC 1321 vectors)", () => {
    expect(call("MD5", [str("")])).toBe("d41d8cd98f00b204e9800998ecf8427e");
    expect(call("MD5", [str("abc")])).toBe("900150983cd24fb0d6963f7d28e17f72");
    expect(call("MD5", [str("12345678901234567890123456789012345678901234567890123456789012345678901234567890")])).toBe("57edf4a22be3c955ac49da2e2107b67a");
  });
  test("SHA1", () => {
    expect(call("SHA1", [str("abc")])).toBe("a9993e364706816aba3e25717850c26c9cd0d89d");
    expect(call("SHA1", [str("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")])).toBe("84983e441c3bd26ebaae4aa1f95129e5e54670f1");
  });
  test("SHA224 / SHA256 / SHA2", () => {
    expect(call("SHA256", [str("abc")])).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(call("SHA256", [str("")])).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(call("SHA224", [str("abc")])).toBe("23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7");
    expect(call("SHA2", [str("abc"), int(256)])).toBe(call("SHA256", [str("abc")]));
    expect(call("SHA2", [str("abc"), int(224)])).toBe(call("SHA224", [str("abc")]));
    // 384 and 512 are supported too (Confluent "Hash Functions"); see strings-confluent.test.ts.
    expect(() => call("SHA2", [str("abc"), int(100)])).toThrow(/Unsupported algorithm/);
  });
  test("agrees with node:crypto on arbitrary Unicode strings of any length (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 200 }), (s) => {
        const hex = (alg: string) => createHash(alg).update(s, "utf8").digest("hex");
        expect(call("MD5", [str(s)])).toBe(hex("md5"));
        expect(call("SHA1", [str(s)])).toBe(hex("sha1"));
        expect(call("SHA224", [str(s)])).toBe(hex("sha224"));
        expect(call("SHA256", [str(s)])).toBe(hex("sha256"));
      }),
      { numRuns: 150 },
    );
  });
  test("NULL and types", () => {
    expect(call("MD5", [nul(T.string())])).toBeNull();
    // FlinkSqlOperatorTable.MD5: CHAR(32), nullable when the argument is.
    expect(typeOf("MD5", T.string(false))).toBe("CHAR(32) NOT NULL");
    expect(() => typeOf("MD5", T.int(false))).toThrow(/Cannot apply 'MD5'/);
  });
});
