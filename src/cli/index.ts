/**
 * The confluent-sql command-line interface (Node, Bun, Deno).
 */
console.log("confluent-sql");
