/**
 * Package-internal key through which the changelog compressor reaches the cursor's page buffer.
 * A separate module so cursor.ts and compressor.ts do not import each other's values.
 */
export const CURSOR_INTERNALS: unique symbol = Symbol("confluent-sql.streaming.internals");
