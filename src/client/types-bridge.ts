/**
 * The client's imports from the type module (contracts.md), in one place: row decoding and
 * parameter rendering live in src/types; the client only calls them.
 */
export { compileRowDecoder, type RowDecoder, type DecodeOptions, type CastHook } from "../types/decode.ts";
export { substituteParameters, sqlTemplate, SqlQuery } from "../types/params.ts";
