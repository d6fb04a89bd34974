/**
 * The SQL front end of the emulator's engine: lexer, parser, typed AST and unparser.
 * The planner imports from here (or from the individual modules).
 */
export type * as ast from "./ast.ts";
export { parseStatement, parseExpression, parseDataType } from "./parser.ts";
export { SqlSyntaxError, SQL_PARSER_EXCEPTION } from "./errors.ts";
export { formatStatement, formatExpression, formatQuery, formatColumnDef, formatDataType, quoteIdentifier, quoteString } from "./formatter.ts";
export type { FormatOptions } from "./formatter.ts";
export { tokenize } from "./lexer.ts";
export type { Token, TokenType } from "./lexer.ts";
export { isReserved } from "./keywords.ts";
export { stripPositions } from "./strip.ts";
